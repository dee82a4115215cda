package dev.kafkalink.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.TestCertificates;

/**
 * The configurations of the four connectors of one link between two {@link SecuredKafkaCluster}s, as
 * the link's super user: every cluster's client settings under {@code source.}, {@code destination.}
 * and {@code source.kafka.} (the schema feed). Where a {@link SecretsFile} is given, its secrets go through {@code ${file:...}}.
 */
final class SecuredLinkConfigs {

    private static final Set<String> SECRET_KEYS = Set.of("sasl.jaas.config", "ssl.truststore.password",
            "ssl.keystore.password", "ssl.key.password");

    private final LinkClusters clusters;
    private final String link;
    private final SecuredKafkaCluster source;
    private final SecuredKafkaCluster destination;

    SecuredLinkConfigs(LinkClusters clusters, String link, SecuredKafkaCluster source, SecuredKafkaCluster destination) {
        this.clusters = clusters;
        this.link = link;
        this.source = source;
        this.destination = destination;
    }

    Map<String, String> sourceLink(String topics) {
        Map<String, String> config = clusters.sourceLinkConfig(link);
        config.put("mirror.topics", topics);
        secure(config, "source.", source, null);
        secure(config, "destination.", destination, null);
        return config;
    }

    Map<String, String> offsetSync(String groupPrefix) {
        Map<String, String> config = clusters.offsetSyncConfig(link);
        config.put("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"" + groupPrefix
                + "\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}");
        config.put("consumer.offset.sync.ms", "1000");
        secure(config, "source.", source, null);
        secure(config, "destination.", destination, null);
        return config;
    }

    /** The ACL sync of {@code principal}'s bindings, its secrets through {@code file}, the destination's trust store at {@code truststore}. */
    Map<String, String> aclSync(String principal, SecretsFile file, Path truststore) {
        Map<String, String> config = clusters.aclSyncConfig(link);
        config.put("acl.filters", "{\"aclFilters\":[{\"accessFilter\":{\"principal\":\"" + principal + "\"}}]}");
        config.put("acl.sync.ms", "1000");
        secure(config, "source.", source, file);
        secure(config, "destination.", destination, file);
        config.put("destination.ssl.truststore.location", truststore.toString());
        return config;
    }

    /**
     * The schema export between two HTTPS registries trusted through {@code certificates}' trust store, with
     * the super user's certificate for mutual TLS, or {@code sourceUserInfo} as basic credentials; the
     * change feed read from the source cluster. Every secret through {@code file}.
     */
    Map<String, String> schemaExport(String sourceUrl, String destinationUrl, TestCertificates certificates, boolean mutualTls,
                                     String sourceUserInfo, SecretsFile file) {
        Map<String, String> config = SchemaExportIT.exportConfig(link, sourceUrl, destinationUrl);
        config.put("source.schema.registry.topic", "_schemas");
        secure(config, "source.kafka.", source, file);
        for (String role : List.of("source.", "destination.")) {
            config.put(role + "ssl.truststore.location", certificates.truststore().location().toString());
            config.put(role + "ssl.truststore.password", file.reference(role + "registry.truststore",
                    certificates.truststore().password()));
            if (mutualTls) {
                TestCertificates.Store keystore = certificates.keystore(SecuredKafkaCluster.ADMIN);
                config.put(role + "ssl.keystore.location", keystore.location().toString());
                config.put(role + "ssl.keystore.password", file.reference(role + "registry.keystore", keystore.password()));
            }
        }
        if (sourceUserInfo != null) {
            config.put("source.basic.auth.user.info", file.reference("registry.user.info", sourceUserInfo));
        }
        return config;
    }

    /** A cluster's client settings for the super user under {@code prefix}; secrets through {@code file} unless null. */
    static void secure(Map<String, String> config, String prefix, SecuredKafkaCluster cluster, SecretsFile file) {
        cluster.clientSettings(SecuredKafkaCluster.ADMIN).forEach((key, value) -> config.put(prefix + key,
                file != null && SECRET_KEYS.contains(key) ? file.reference(prefix + key, value.toString()) : value.toString()));
    }
}
