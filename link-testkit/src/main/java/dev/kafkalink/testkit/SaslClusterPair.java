package dev.kafkalink.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension with a source and a destination {@link SaslKafkaCluster} (SASL/PLAIN,
 * StandardAuthorizer), for tests of what a link may and may not do on clusters with ACLs.
 */
public final class SaslClusterPair implements BeforeAllCallback, AfterAllCallback {

    private final boolean faultProxies;
    private SaslKafkaCluster source;
    private SaslKafkaCluster destination;

    public SaslClusterPair() {
        this(false);
    }

    private SaslClusterPair(boolean faultProxies) {
        this.faultProxies = faultProxies;
    }

    /** A pair whose brokers each advertise a {@link KafkaFaultProxy} in front of them ({@link SaslKafkaCluster#proxy()}). */
    public static SaslClusterPair behindFaultProxies() {
        return new SaslClusterPair(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        source = SaslKafkaCluster.start(faultProxies);
        destination = SaslKafkaCluster.start(faultProxies);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (SaslKafkaCluster cluster : new SaslKafkaCluster[] {source, destination}) {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    public SaslKafkaCluster source() {
        return source;
    }

    public SaslKafkaCluster destination() {
        return destination;
    }
}
