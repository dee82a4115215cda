package dev.kafkalink.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.KafkaException;

/**
 * Whether this worker can run Kafka Link. The plugin runs on the worker's own Kafka clients and Connect
 * API (they are not in the archive), so the worker's Kafka version decides which calls exist: 3.7 is
 * the oldest that has all of them. On an older worker, {@code validate()} says so on
 * {@code connector.class} instead of answering 0 errors and letting every task fail later.
 */
public final class WorkerCompatibility {

    /** The worker versions Kafka Link is tested on, for messages and docs. */
    public static final String SUPPORTED = "3.7 to 4.4";

    private static final String CONNECTOR_CLASS = "connector.class";
    private static final int OLDEST_MAJOR = 3;
    private static final int OLDEST_MINOR = 7;
    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+).*");

    private WorkerCompatibility() {
    }

    /**
     * The connector's own checks, unless this worker cannot run the plugin: then only an error on
     * {@code connector.class}. A {@link LinkageError} in the checks (a call this worker's Kafka lacks)
     * becomes such an error too.
     */
    public static Config validate(Map<String, String> connectorConfigs, Supplier<Config> checks) {
        Optional<String> problem = problemWith(workerKafkaVersion());
        if (problem.isPresent()) {
            return refused(connectorConfigs, problem.get());
        }
        try {
            return checks.get();
        } catch (LinkageError e) {
            return refused(connectorConfigs, "This worker's Kafka (" + workerKafkaVersion() + ") lacks something "
                    + "Kafka Link uses (" + e + "); Kafka Link runs on Kafka Connect workers of Apache Kafka " + SUPPORTED);
        }
    }

    /**
     * The version of the worker's Kafka clients, as they record it in their jar. Not through
     * {@code AppInfoParser}: that internal class moved in Kafka 4.4.
     */
    static String workerKafkaVersion() {
        try (InputStream in = KafkaException.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Why a worker of this Kafka version cannot run Kafka Link, if it cannot. */
    static Optional<String> problemWith(String workerVersion) {
        Matcher version = MAJOR_MINOR.matcher(workerVersion == null ? "" : workerVersion);
        if (!version.matches()) {
            return Optional.empty(); // an unusual build string: let it try, tasks fail loudly if something is missing
        }
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        if (major > OLDEST_MAJOR || (major == OLDEST_MAJOR && minor >= OLDEST_MINOR)) {
            return Optional.empty();
        }
        return Optional.of("This Kafka Connect worker runs Apache Kafka " + workerVersion + "; Kafka Link needs a worker "
                + "of Apache Kafka " + SUPPORTED + " (Confluent Platform 7.7 or newer, Amazon MSK Connect 3.7.x)");
    }

    private static Config refused(Map<String, String> connectorConfigs, String message) {
        return new Config(List.of(new ConfigValue(CONNECTOR_CLASS, connectorConfigs.get(CONNECTOR_CLASS), List.of(),
                List.of(message))));
    }
}
