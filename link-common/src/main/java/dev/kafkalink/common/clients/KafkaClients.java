package dev.kafkalink.common.clients;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Builds the link's own clients from a cluster's settings. Each takes, in order: our defaults, then
 * the user's settings, then what correctness needs and no setting may change.
 */
public final class KafkaClients {

    /**
     * How long closing a client may wait for its requests in flight. Connect gives a task or connector
     * 5 s to stop; without a bound, an Admin client waits for its requests to time out (a minute while
     * a cluster is away), and Connect reports the plugin as unresponsive and starts the next instance
     * beside the old one.
     */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private KafkaClients() {
    }

    /** Closes an Admin client within {@link #CLOSE_TIMEOUT}, whatever it was doing; logs a failure, ignores null. */
    public static void closeQuietly(Admin admin, String what) {
        Utils.closeQuietly(admin == null ? null : () -> admin.close(CLOSE_TIMEOUT), what);
    }

    public static Admin admin(Map<String, Object> clusterSettings, String clientId) {
        Map<String, Object> props = new HashMap<>(clusterSettings);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(props);
    }

    /** A consumer without a group: the link assigns partitions and seeks itself. */
    public static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> defaults, Map<String, Object> clusterSettings,
                                                         Map<String, Object> forced, String clientId) {
        Map<String, Object> props = layered(defaults, clusterSettings, forced, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static KafkaProducer<byte[], byte[]> producer(Map<String, Object> defaults, Map<String, Object> clusterSettings,
                                                         Map<String, Object> forced, String clientId) {
        return new KafkaProducer<>(layered(defaults, clusterSettings, forced, clientId), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static Map<String, Object> layered(Map<String, Object> defaults, Map<String, Object> clusterSettings,
                                               Map<String, Object> forced, String clientId) {
        Map<String, Object> props = new HashMap<>(defaults);
        props.putAll(clusterSettings);
        props.putAll(forced);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
