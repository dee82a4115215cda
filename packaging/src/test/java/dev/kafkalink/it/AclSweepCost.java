package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SecuredKafkaCluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long one ACL sweep takes with many bindings, not part of CI:
 * {@code mvn -pl packaging failsafe:integration-test -Dit.test=AclSweepCost -Dit.quiet=false -Dsweep.bindings=10000}.
 */
class AclSweepCost {

    private static final int BINDINGS = Integer.getInteger("sweep.bindings", 10_000);

    @RegisterExtension
    static final LinkClusters connect = LinkClusters.builder().build();

    @Test
    void sweepsManyBindings() throws Exception {
        try (SecuredKafkaCluster source = SecuredKafkaCluster.start(); SecuredKafkaCluster destination = SecuredKafkaCluster.start()) {
            List<AclBinding> bindings = new ArrayList<>();
            AclOperation[] operations = {AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.ALL};
            for (int i = 0; i < BINDINGS; i++) {
                ResourceType type = i % 3 == 0 ? ResourceType.GROUP : ResourceType.TOPIC;
                bindings.add(new AclBinding(new ResourcePattern(type, "app-" + (i / 4), i % 5 == 0 ? PatternType.PREFIXED
                        : PatternType.LITERAL), new AccessControlEntry("User:team-" + (i % 97), "*", operations[i % 4],
                        i % 11 == 0 ? AclPermissionType.DENY : AclPermissionType.ALLOW)));
            }
            try (Admin admin = source.admin()) {
                for (int from = 0; from < bindings.size(); from += 1000) {
                    admin.createAcls(bindings.subList(from, Math.min(bindings.size(), from + 1000))).all().get();
                }
            }
            Map<String, String> config = connect.aclSyncConfig("bulk");
            for (Map.Entry<String, SecuredKafkaCluster> cluster : Map.of("source.", source, "destination.", destination).entrySet()) {
                cluster.getValue().clientSettings(SecuredKafkaCluster.ADMIN).forEach((key, value) ->
                        config.put(cluster.getKey() + key, value.toString()));
            }
            config.put("acl.filters", "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\"}}]}");
            config.put("acl.sync.ms", "10000");
            connect.connect().configureConnector("bulk-acls", config);

            ObjectName metrics = ConnectorMetrics.await("bulk-acls");
            List<String> sweeps = new ArrayList<>();
            long lastSync = -1;
            while (sweeps.size() < 3) {
                lastSync = ConnectorMetrics.awaitSweepAfter("bulk-acls", lastSync, Duration.ofMinutes(10));
                sweeps.add(String.format("sweep %d: %d ms, %d bindings in sync, %d created so far", sweeps.size() + 1,
                        ConnectorMetrics.value(metrics, "sync-duration-ms"), ConnectorMetrics.value(metrics, "bindings-in-sync"),
                        ConnectorMetrics.value(metrics, "bindings-created-total")));
            }
            try (Admin admin = destination.admin()) {
                assertEquals(BINDINGS, admin.describeAcls(AclBindingFilter.ANY).values().get().size());
            }
            // The measurement's report, for a person (run with -Dit.quiet=false).
            System.out.printf("%n%d ACL bindings:%n  %s%n%n", BINDINGS, String.join("\n  ", sweeps));
        }
    }
}
