package dev.kafkalink.testkit;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-broker KRaft cluster whose clients authenticate with SASL/PLAIN and are authorized by
 * Kafka's StandardAuthorizer (no ACL means no access). Two users exist: {@link #ADMIN}, a super
 * user (what the link runs as), and {@link #USER}, who can do only what ACLs allow.
 */
public final class SaslKafkaCluster implements AutoCloseable {

    public static final String ADMIN = "plain-admin";
    public static final String USER = "plain-user1";
    private static final Map<String, String> PASSWORDS = Map.of(ADMIN, "plain-admin-secret", USER, "plain-user1-secret");

    private final KafkaClusterTestKit cluster;
    private final KafkaFaultProxy proxy;

    private SaslKafkaCluster(KafkaClusterTestKit cluster, KafkaFaultProxy proxy) {
        this.cluster = cluster;
        this.proxy = proxy;
    }

    public static SaslKafkaCluster start() throws Exception {
        return start(false);
    }

    /** As {@link #start()}; with {@code behindFaultProxy}, the broker advertises a {@link KafkaFaultProxy} in front of it. */
    public static SaslKafkaCluster start(boolean behindFaultProxy) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .build();
        KafkaFaultProxy proxy = behindFaultProxy ? KafkaFaultProxy.start() : null;
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        if (proxy != null) {
            builder.setConfigProp("advertised.listeners", "EXTERNAL://localhost:" + proxy.port());
        }
        KafkaClusterTestKit cluster = builder
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // The controller listener stays PLAINTEXT (brokers and controllers talk as ANONYMOUS there);
                // clients only reach the SASL listener, where ANONYMOUS cannot occur.
                .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
                .build();
        if (proxy != null) {
            proxy.forwardTo(cluster::bootstrapServers);
        }
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new SaslKafkaCluster(cluster, proxy);
    }

    /** The proxy in front of the broker; only when started behind one. */
    public KafkaFaultProxy proxy() {
        return java.util.Objects.requireNonNull(proxy, "started without a fault proxy");
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client settings that authenticate as {@code user} ({@link #ADMIN} or {@link #USER}). */
    public Map<String, Object> clientSettings(String user) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        settings.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user));
        return settings;
    }

    public static String jaasConfig(String user) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + PASSWORDS.get(user) + "\";";
    }

    /** An Admin client of the super user. */
    public Admin admin() {
        return Admin.create(clientSettings(ADMIN));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
        if (proxy != null) {
            proxy.close();
        }
    }
}
