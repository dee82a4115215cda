package dev.kafkalink.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the producer that writes mirror records ({@link MirrorWriter}): chosen for mirroring,
 * so that the minimal configuration is safe and fast on any worker, whatever its override policy.
 *
 * <p>Layered, each layer over the one before: {@link #DEFAULTS}, then the destination cluster's settings
 * ({@code destination.*}), then the user's {@code producer.override.*} tuning keys (kept working for
 * configurations written for Connect's producer), then {@link #FORCED}: what exactness needs.
 */
final class MirrorProducerSettings {

    static final String OVERRIDE_PREFIX = "producer.override.";

    /** Compression when the mirror topic names none (compression.type=producer). */
    static final String DEFAULT_COMPRESSION = "lz4";

    /**
     * Large batches and a short linger: a poll hands over up to 2,000 records of up to 8 partitions at
     * once. Batches wait through a destination outage instead of expiring (an expired batch would leave a
     * hole the following records fall into). Sends never wait for memory: the writer keeps the bytes
     * in flight under half of {@code buffer.memory} ({@link MirrorWriter#hasRoom}).
     */
    static final Map<String, Object> DEFAULTS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10 << 20,
            ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
            ProducerConfig.SEND_BUFFER_CONFIG, 1 << 20);

    /** Idempotent, acknowledged by all in-sync replicas, in order: a retry never duplicates or reorders. */
    static final Map<String, Object> FORCED = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);

    /** The most requests in flight per connection that idempotence keeps in order. */
    static final int MAX_IN_FLIGHT = 5;

    /** Override keys that name the connection: the link writes with the {@code destination.*} settings. */
    static final Set<String> CONNECTION_PREFIXES = Set.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "security.", "ssl.",
            "sasl.");

    /** Override keys the link's producer ignores: Connect's, or the link's own choice. */
    static final List<String> IGNORED = List.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.CLIENT_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.PARTITIONER_CLASS_CONFIG, ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);

    private MirrorProducerSettings() {
    }

    /**
     * The producer settings for a task: {@code destination} are the destination cluster's client
     * settings, {@code connectorProps} the task's configuration (for its {@code producer.override.*} keys).
     */
    static Map<String, Object> of(Map<String, Object> destination, Map<String, String> connectorProps) {
        Map<String, Object> settings = new HashMap<>(DEFAULTS);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, DEFAULT_COMPRESSION);
        settings.putAll(destination);
        tuning(connectorProps).forEach(settings::put);
        settings.putAll(FORCED);
        Object inFlight = settings.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight != null && Integer.parseInt(inFlight.toString().trim()) > MAX_IN_FLIGHT) {
            settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, MAX_IN_FLIGHT);
        }
        IGNORED.forEach(settings::remove);
        return settings;
    }

    /** True when the user chose a compression for every mirror (then the mirror topics' own does not matter). */
    static boolean compressionChosen(Map<String, Object> destination, Map<String, String> connectorProps) {
        return destination.containsKey(ProducerConfig.COMPRESSION_TYPE_CONFIG)
                || tuning(connectorProps).containsKey(ProducerConfig.COMPRESSION_TYPE_CONFIG);
    }

    /**
     * The producer compression that spares the destination broker from compressing again: the mirror
     * topic's own {@code compression.type} when it names a codec, otherwise the default.
     */
    static String compressionFor(String topicCompressionType) {
        if (topicCompressionType == null || topicCompressionType.equals("producer")) {
            return DEFAULT_COMPRESSION;
        }
        if (topicCompressionType.equals("uncompressed")) {
            return "none";
        }
        return topicCompressionType;
    }

    /** The {@code producer.override.*} keys that tune the link's producer, prefix removed. */
    static Map<String, String> tuning(Map<String, String> connectorProps) {
        Map<String, String> tuning = new HashMap<>();
        connectorProps.forEach((key, value) -> {
            if (key.startsWith(OVERRIDE_PREFIX)) {
                String setting = key.substring(OVERRIDE_PREFIX.length());
                if (!isConnection(setting) && !IGNORED.contains(setting)) {
                    tuning.put(setting, value);
                }
            }
        });
        return tuning;
    }

    static boolean isConnection(String setting) {
        return CONNECTION_PREFIXES.stream().anyMatch(setting::startsWith);
    }
}
