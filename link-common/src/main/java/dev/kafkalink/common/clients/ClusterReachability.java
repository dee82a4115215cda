package dev.kafkalink.common.clients;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkalink.common.errors.Failures;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** Whether a cluster answers with the given client settings: what {@code validate()} asks once the fields are valid. */
public final class ClusterReachability {

    /** Long enough for a cluster across a WAN or a loaded machine; validate() asks both within Connect's 90 s. */
    private static final int TIMEOUT_MS = 10_000;

    private ClusterReachability() {
    }

    /** Empty when the cluster answered; otherwise what a user should check. */
    public static Optional<String> problem(Map<String, Object> clusterSettings, String clusterName) {
        Map<String, Object> settings = new HashMap<>(clusterSettings);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-link-" + clusterName + "-reachability-admin");
        String where = "the " + clusterName + " cluster at " + clusterSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId().get(TIMEOUT_MS + 1_000L,
                    TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(explain(e.getCause(), where));
        } catch (TimeoutException e) {
            return Optional.of("No answer from " + where + " within " + TIMEOUT_MS + " ms: check the address, the "
                    + "network and the security.protocol/ssl/sasl settings of this cluster");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Interrupted while contacting " + where);
        } catch (KafkaException e) {
            return Optional.of(explain(e, where));
        }
    }

    private static String explain(Throwable cause, String where) {
        if (cause instanceof AuthenticationException) {
            return "Authentication with " + where + " failed: check the sasl.* / ssl.* settings of this cluster ("
                    + cause.getMessage() + ")";
        }
        if (cause instanceof AuthorizationException) {
            return "The link's principal may not describe " + where + ": grant DESCRIBE on the cluster";
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "No answer from " + where + " within " + TIMEOUT_MS + " ms: check the address, the network and the "
                    + "security.protocol/ssl/sasl settings of this cluster";
        }
        return "Cannot reach " + where + ": " + Failures.describe(cause);
    }
}
