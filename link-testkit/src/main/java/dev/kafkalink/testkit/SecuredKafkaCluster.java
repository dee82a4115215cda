package dev.kafkalink.testkit;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.ApiMessageAndVersion;

/**
 * A one-broker KRaft cluster whose clients must authenticate, authorized by Kafka's StandardAuthorizer
 * (no ACL means no access). Two users exist whatever the {@link Security}: {@link #ADMIN}, a super user
 * (what the link runs as), and {@link #USER}, who can do only what ACLs allow; both are principals
 * {@code User:<name>}.
 *
 * <p>Kafka's test kit of 4.3.1 only sets up PLAINTEXT and SASL_PLAINTEXT brokers, so the cluster is
 * started as PLAINTEXT and its client listener ({@code EXTERNAL}, also the inter-broker listener) is
 * given its real protocol and settings here. The controller listener stays PLAINTEXT (brokers and
 * controllers talk as ANONYMOUS there, a super user); clients only reach the client listener, where
 * ANONYMOUS cannot occur. SCRAM credentials are part of the cluster's bootstrap metadata
 * ({@code UserScramCredentialRecord}s), as {@code kafka-storage format --add-scram} writes them.
 */
public final class SecuredKafkaCluster implements AutoCloseable {

    public static final String ADMIN = "link-admin";
    public static final String USER = "link-user";
    /** The broker's own identity on the inter-broker listener (a super user). */
    private static final String BROKER = "kafka-broker";
    private static final String LISTENER = "EXTERNAL";

    /** How clients authenticate. */
    public enum Security {
        /** SASL_PLAINTEXT with PLAIN. */
        SASL_PLAIN(SecurityProtocol.SASL_PLAINTEXT, "PLAIN"),
        /** SASL_SSL with SCRAM-SHA-512; the broker's certificate is signed by the test's authority. */
        SASL_SSL_SCRAM(SecurityProtocol.SASL_SSL, "SCRAM-SHA-512"),
        /** SSL with client certificates required (mTLS); the principal is the certificate's CN. */
        MUTUAL_TLS(SecurityProtocol.SSL, null);

        private final SecurityProtocol protocol;
        private final String mechanism;

        Security(SecurityProtocol protocol, String mechanism) {
            this.protocol = protocol;
            this.mechanism = mechanism;
        }

        public SecurityProtocol protocol() {
            return protocol;
        }

        boolean usesTls() {
            return protocol == SecurityProtocol.SASL_SSL || protocol == SecurityProtocol.SSL;
        }
    }

    private final KafkaClusterTestKit cluster;
    private final Security security;
    private final TestCertificates certificates;
    private final Map<String, String> passwords;
    private final KafkaFaultProxy proxy;

    private SecuredKafkaCluster(KafkaClusterTestKit cluster, Security security, TestCertificates certificates,
                                Map<String, String> passwords, KafkaFaultProxy proxy) {
        this.cluster = cluster;
        this.security = security;
        this.certificates = certificates;
        this.passwords = passwords;
        this.proxy = proxy;
    }

    /** A SASL/PLAIN cluster. */
    public static SecuredKafkaCluster start() throws Exception {
        return start(Security.SASL_PLAIN, TestCertificates.create());
    }

    /** A cluster with {@code security}; TLS certificates (broker's and users') signed by {@code certificates}' authority. */
    public static SecuredKafkaCluster start(Security security, TestCertificates certificates) throws Exception {
        return start(security, certificates, false);
    }

    /**
     * As {@link #start(Security, TestCertificates)}; with {@code behindFaultProxy}, the broker advertises a
     * {@link KafkaFaultProxy} in front of it, so that every client connection after the bootstrap goes
     * through the proxy (which reads request headers: a SASL_PLAIN cluster only).
     */
    public static SecuredKafkaCluster start(Security security, TestCertificates certificates, boolean behindFaultProxy)
            throws Exception {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : List.of(ADMIN, USER)) {
            passwords.put(user, security.name().toLowerCase().replace('_', '-') + "-" + user + "-"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        }
        TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        if (security == Security.SASL_SSL_SCRAM) {
            nodes.setBootstrapMetadata(withScramUsers(nodes.build().bootstrapMetadata(), passwords));
        }
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                .setConfigProp("super.users", "User:" + ADMIN + ";User:" + BROKER + ";User:ANONYMOUS")
                .setConfigProp("listener.security.protocol.map", LISTENER + ":" + security.protocol().name + ",CONTROLLER:PLAINTEXT");
        brokerSecurity(security, certificates, passwords).forEach(builder::setConfigProp);
        KafkaFaultProxy proxy = behindFaultProxy ? KafkaFaultProxy.start() : null;
        if (proxy != null) {
            builder.setConfigProp("advertised.listeners", LISTENER + "://localhost:" + proxy.port());
        }
        KafkaClusterTestKit cluster = builder.build();
        if (proxy != null) {
            proxy.forwardTo(cluster::bootstrapServers);
        }
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            if (proxy != null) {
                proxy.close();
            }
            throw e;
        }
        return new SecuredKafkaCluster(cluster, security, certificates, passwords, proxy);
    }

    private static Map<String, Object> brokerSecurity(Security security, TestCertificates certificates,
                                                      Map<String, String> passwords) {
        Map<String, Object> props = new HashMap<>();
        String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
        if (security.mechanism != null) {
            props.put("sasl.enabled.mechanisms", security.mechanism);
            props.put("sasl.mechanism.inter.broker.protocol", security.mechanism);
        }
        switch (security) {
            case SASL_PLAIN -> {
                StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + ADMIN + "\" password=\"" + passwords.get(ADMIN) + "\"");
                passwords.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
                props.put(prefix + "plain.sasl.jaas.config", jaas.append(';').toString());
            }
            case SASL_SSL_SCRAM -> props.put(prefix + "scram-sha-512.sasl.jaas.config", scramJaas(ADMIN, passwords.get(ADMIN)));
            case MUTUAL_TLS -> {
                props.put("ssl.client.auth", "required");
                props.put("ssl.principal.mapping.rules", TestCertificates.PRINCIPAL_MAPPING_RULES);
            }
        }
        if (security.usesTls()) {
            TestCertificates.Store broker = certificates.keystore(BROKER);
            props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, broker.location().toString());
            props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, broker.password());
            props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, broker.password());
            props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().location().toString());
            props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.truststore().password());
            props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        }
        return props;
    }

    private static BootstrapMetadata withScramUsers(BootstrapMetadata defaults, Map<String, String> passwords)
            throws NoSuchAlgorithmException {
        List<ApiMessageAndVersion> records = new ArrayList<>(defaults.records());
        ScramFormatter formatter = new ScramFormatter(ScramMechanism.SCRAM_SHA_512);
        for (Map.Entry<String, String> user : passwords.entrySet()) {
            ScramCredential credential = formatter.generateCredential(user.getValue(), 4096);
            records.add(new ApiMessageAndVersion(new UserScramCredentialRecord()
                    .setName(user.getKey())
                    .setMechanism(ScramMechanism.SCRAM_SHA_512.type())
                    .setSalt(credential.salt())
                    .setStoredKey(credential.storedKey())
                    .setServerKey(credential.serverKey())
                    .setIterations(credential.iterations()), (short) 0));
        }
        return BootstrapMetadata.fromRecords(records, "kafka-link test users");
    }

    private static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The proxy in front of the broker; only when started behind one. */
    public KafkaFaultProxy proxy() {
        return java.util.Objects.requireNonNull(proxy, "started without a fault proxy");
    }

    public Security security() {
        return security;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /**
     * Client settings that authenticate as {@code user} ({@link #ADMIN} or {@link #USER}): bootstrap servers,
     * security protocol, and the SASL settings or the key store, and the trust store for TLS.
     */
    public Map<String, Object> clientSettings(String user) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, security.protocol().name);
        if (security.mechanism != null) {
            settings.put(SaslConfigs.SASL_MECHANISM, security.mechanism);
            settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user));
        }
        if (security.usesTls()) {
            settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().location().toString());
            settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.truststore().password());
            settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        }
        if (security == Security.MUTUAL_TLS) {
            TestCertificates.Store keystore = certificates.keystore(user);
            settings.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore.location().toString());
            settings.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, keystore.password());
            settings.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, keystore.password());
            settings.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        }
        return settings;
    }

    /** The {@code sasl.jaas.config} of {@code user}; only for the SASL securities. */
    public String jaasConfig(String user) {
        if (security == Security.SASL_PLAIN) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                    + "\" password=\"" + passwords.get(user) + "\";";
        }
        if (security == Security.SASL_SSL_SCRAM) {
            return scramJaas(user, passwords.get(user));
        }
        throw new IllegalStateException("A " + security + " cluster has no SASL settings");
    }

    /** Every password a client of {@code user} holds (SASL password, key and trust store passwords): never to be shown. */
    public List<String> secrets(String user) {
        List<String> secrets = new ArrayList<>();
        if (security.mechanism != null) {
            secrets.add(passwords.get(user));
        }
        if (security.usesTls()) {
            secrets.add(certificates.truststore().password());
        }
        if (security == Security.MUTUAL_TLS) {
            secrets.add(certificates.keystore(user).password());
        }
        return secrets;
    }

    /** An Admin client of the super user. */
    public Admin admin() {
        return Admin.create(clientSettings(ADMIN));
    }

    /** A group's committed offsets (a partition without one maps to null); empty while the cluster does not answer. */
    public Map<TopicPartition, Long> committedOffsets(String group) {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((partition, offset) -> offsets.put(partition, offset == null ? null : offset.offset()));
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
        if (proxy != null) {
            proxy.close();
        }
    }
}
