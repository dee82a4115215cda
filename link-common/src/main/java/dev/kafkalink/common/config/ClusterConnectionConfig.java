package dev.kafkalink.common.config;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Connection and security settings of one cluster ({@code source.*} or {@code destination.*}).
 *
 * <p>Any Kafka client setting is accepted after the prefix and handed to the clients as is; the
 * ones declared here get documentation, validation and, for secrets, the {@code PASSWORD} type so
 * that Connect masks them and config providers ({@code ${file:...}}) resolve them.
 */
public final class ClusterConnectionConfig {

    private static final List<String> SECRET_SETTINGS = List.of(
            SaslConfigs.SASL_JAAS_CONFIG,
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEY_PASSWORD_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEYSTORE_KEY_CONFIG,
            SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG);

    /** host:port, [IPv6]:port, optionally after a listener name like SASL_SSL:// as Kafka's clients accept. */
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z_]+://)?(\\[[0-9a-fA-F:.]+\\]|[^:\\s/\\[\\]]+):\\d{1,5}");

    private ClusterConnectionConfig() {
    }

    /** Adds the settings of {@code role} to {@code def}. */
    public static ConfigDef define(ConfigDef def, ClusterRole role) {
        return define(def, role.prefix(), role.group(), true);
    }

    /**
     * Adds the settings of a cluster under {@code prefix}, shown in {@code group}; when not
     * {@code required}, the bootstrap servers may stay empty (the connector then uses no such cluster).
     */
    public static ConfigDef define(ConfigDef def, String prefix, String group, boolean required) {
        int order = 0;
        def.define(prefix + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Type.LIST, required ? ConfigDef.NO_DEFAULT_VALUE : "",
                new ConfigDef.NonNullValidator() {
                    @Override
                    public void ensureValid(String name, Object value) {
                        super.ensureValid(name, value);
                        if (required && ((List<?>) value).isEmpty()) {
                            throw new org.apache.kafka.common.config.ConfigException(name, value,
                                    "List the host:port pairs of at least one broker of the " + group.toLowerCase());
                        }
                        for (Object address : (List<?>) value) {
                            if (!HOST_PORT.matcher(address.toString()).matches()) {
                                throw new org.apache.kafka.common.config.ConfigException(name, value, "'" + address
                                        + "' is not host:port (for example broker-1:9092)");
                            }
                        }
                    }
                },
                Importance.HIGH, "Brokers of the " + group.toLowerCase() + " (host:port, comma separated). Any other "
                        + "Kafka client setting may follow the same prefix '" + prefix + "'.",
                group, ++order, Width.LONG, group + " bootstrap servers");
        def.define(prefix + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, Type.STRING,
                CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL,
                ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(SecurityProtocol.values())
                        .map(Enum::name).toArray(String[]::new)),
                Importance.MEDIUM, CommonClientConfigs.SECURITY_PROTOCOL_DOC, group, ++order, Width.SHORT,
                group + " security protocol");
        def.define(prefix + SaslConfigs.SASL_MECHANISM, Type.STRING, SaslConfigs.DEFAULT_SASL_MECHANISM,
                Importance.MEDIUM, SaslConfigs.SASL_MECHANISM_DOC, group, ++order, Width.SHORT,
                group + " SASL mechanism");
        for (String secret : SECRET_SETTINGS) {
            def.define(prefix + secret, Type.PASSWORD, null, Importance.MEDIUM,
                    "Kafka client setting '" + secret + "' for the " + group.toLowerCase() + " (a secret: masked by "
                            + "Connect, may come from a config provider).",
                    group, ++order, Width.LONG, group + " " + secret);
        }
        def.define(prefix + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.LOW,
                SslConfigs.SSL_KEYSTORE_LOCATION_DOC, group, ++order, Width.LONG, group + " keystore location");
        def.define(prefix + SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.LOW,
                SslConfigs.SSL_TRUSTSTORE_LOCATION_DOC, group, ++order, Width.LONG, group + " truststore location");
        return def;
    }

    /**
     * Every client setting of {@code role}: the original values (secrets resolved by Connect) of all
     * keys under the prefix, prefix removed. Never log the result: it holds secrets.
     */
    public static Map<String, Object> clientSettings(AbstractConfig config, ClusterRole role) {
        return clientSettings(config, role.prefix());
    }

    /** As {@link #clientSettings(AbstractConfig, ClusterRole)}, for a cluster under {@code prefix}. */
    public static Map<String, Object> clientSettings(AbstractConfig config, String prefix) {
        return new HashMap<>(config.originalsWithPrefix(prefix));
    }
}
