package dev.kafkalink.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension with a source and a destination {@link SecuredKafkaCluster} (StandardAuthorizer
 * on both), started once per test class, for tests of what a link does on clusters that authenticate
 * and authorize. Both clusters' certificates come from one test authority ({@link #certificates()}).
 */
public final class SecuredClusterPair implements BeforeAllCallback, AfterAllCallback {

    private final SecuredKafkaCluster.Security sourceSecurity;
    private final SecuredKafkaCluster.Security destinationSecurity;
    private final boolean faultProxies;
    private TestCertificates certificates;
    private SecuredKafkaCluster source;
    private SecuredKafkaCluster destination;

    /** Two SASL/PLAIN clusters. */
    public SecuredClusterPair() {
        this(SecuredKafkaCluster.Security.SASL_PLAIN, SecuredKafkaCluster.Security.SASL_PLAIN);
    }

    public SecuredClusterPair(SecuredKafkaCluster.Security both) {
        this(both, both);
    }

    public SecuredClusterPair(SecuredKafkaCluster.Security source, SecuredKafkaCluster.Security destination) {
        this(source, destination, false);
    }

    private SecuredClusterPair(SecuredKafkaCluster.Security source, SecuredKafkaCluster.Security destination,
                               boolean faultProxies) {
        this.sourceSecurity = source;
        this.destinationSecurity = destination;
        this.faultProxies = faultProxies;
    }

    /** Two SASL/PLAIN clusters whose brokers each advertise a {@link KafkaFaultProxy} ({@link SecuredKafkaCluster#proxy()}). */
    public static SecuredClusterPair behindFaultProxies() {
        return new SecuredClusterPair(SecuredKafkaCluster.Security.SASL_PLAIN, SecuredKafkaCluster.Security.SASL_PLAIN, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        certificates = TestCertificates.create();
        source = SecuredKafkaCluster.start(sourceSecurity, certificates, faultProxies);
        destination = SecuredKafkaCluster.start(destinationSecurity, certificates, faultProxies);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (SecuredKafkaCluster cluster : new SecuredKafkaCluster[] {source, destination}) {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    public SecuredKafkaCluster source() {
        return source;
    }

    public SecuredKafkaCluster destination() {
        return destination;
    }

    public TestCertificates certificates() {
        return certificates;
    }
}
