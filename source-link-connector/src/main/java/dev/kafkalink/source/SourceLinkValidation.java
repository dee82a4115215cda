package dev.kafkalink.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Checks of {@link SourceLinkConnector#validate} that span keys or concern keys Connect owns. Each
 * error is attached to the key the user must change. Runs after the single-key validators.
 */
final class SourceLinkValidation {

    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final List<String> CONVERTER_KEYS = List.of("key.converter", "value.converter", "header.converter");
    static final String IN_FLIGHT_OVERRIDE = "producer.override.max.in.flight.requests.per.connection";
    static final String IDEMPOTENCE_OVERRIDE = "producer.override.enable.idempotence";
    static final String PRODUCER_BOOTSTRAP_OVERRIDE = "producer.override.bootstrap.servers";

    private SourceLinkValidation() {
    }

    static Config validate(Map<String, String> props, Config validated) {
        Config config = new Config(new java.util.ArrayList<>(validated.configValues()));
        requireByteArrayConverters(props, config);
        requireTopicSelection(props, config);
        requireOrderedProducer(props, config);
        refuseTopicsInTwoOperations(props, config);
        requireReverseLinkForRestore(props, config);
        requireProducerOnTheDestination(props, config);
        return config;
    }

    private static void requireByteArrayConverters(Map<String, String> props, Config config) {
        for (String key : CONVERTER_KEYS) {
            String value = props.get(key);
            if (!BYTE_ARRAY_CONVERTER.equals(value == null ? null : value.trim())) {
                // No value: Connect merges this entry with its own, whose value is a Class.
                ConfigValue configValue = new ConfigValue(key, null, new java.util.ArrayList<>(), new java.util.ArrayList<>());
                configValue.addErrorMessage("Mirroring copies bytes as they are: set " + key + " to " + BYTE_ARRAY_CONVERTER
                        + (value == null ? " (the worker's default converter would change the records)" : ", not " + value));
                config.configValues().add(configValue);
            }
        }
    }

    private static void requireTopicSelection(Map<String, String> props, Config config) {
        boolean listed = !blank(props.get(SourceLinkConfig.MIRROR_TOPICS));
        boolean auto = Boolean.parseBoolean(trim(props.get(SourceLinkConfig.AUTO_CREATE_ENABLE)));
        if (!listed && !auto) {
            error(config, SourceLinkConfig.MIRROR_TOPICS, "Name the topics to mirror here, or set "
                    + SourceLinkConfig.AUTO_CREATE_ENABLE + "=true with " + SourceLinkConfig.AUTO_CREATE_FILTERS);
        }
        if (auto && blank(props.get(SourceLinkConfig.AUTO_CREATE_FILTERS))) {
            error(config, SourceLinkConfig.AUTO_CREATE_FILTERS, "Auto-creation needs filters, for example "
                    + "{\"topicFilters\":[{\"name\":\"*\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}");
        }
    }

    /**
     * The worker's producer writes the mirrored records: pointed elsewhere with
     * producer.override.bootstrap.servers, it must point at the destination cluster.
     */
    private static void requireProducerOnTheDestination(Map<String, String> props, Config config) {
        String producer = trim(props.get(PRODUCER_BOOTSTRAP_OVERRIDE));
        String destination = trim(props.get("destination.bootstrap.servers"));
        if (producer != null && destination != null && !sameServers(producer, destination)) {
            addError(config, PRODUCER_BOOTSTRAP_OVERRIDE, producer, "The worker's producer writes the mirror topics, so it "
                    + "must reach the destination cluster: use the same brokers as destination.bootstrap.servers ("
                    + destination + ")");
        }
    }

    private static boolean sameServers(String first, String second) {
        return new java.util.TreeSet<>(topics(first)).equals(new java.util.TreeSet<>(topics(second)));
    }

    /** A topic is paused, promoted or failed over, never two of them. */
    private static void refuseTopicsInTwoOperations(Map<String, String> props, Config config) {
        List<String> keys = List.of(SourceLinkConfig.MIRROR_TOPICS_PAUSE, SourceLinkConfig.MIRROR_TOPICS_PROMOTE,
                SourceLinkConfig.MIRROR_TOPICS_FAILOVER, SourceLinkConfig.MIRROR_TOPICS_RESTORE);
        Map<String, String> firstKey = new java.util.HashMap<>();
        for (String key : keys) {
            for (String topic : topics(props.get(key))) {
                String earlier = firstKey.putIfAbsent(topic, key);
                if (earlier != null && !earlier.equals(key)) {
                    error(config, key, "Topic " + topic + " is also in " + earlier + ": list each topic under one operation "
                            + "(failover may replace a promote that cannot finish: then remove it from " + earlier + ")");
                }
            }
        }
    }

    /** A restore reads how far the reverse link got, so it must know that link. */
    private static void requireReverseLinkForRestore(Map<String, String> props, Config config) {
        if (!topics(props.get(SourceLinkConfig.MIRROR_TOPICS_RESTORE)).isEmpty()
                && blank(props.get(SourceLinkConfig.REVERSE_LINK_NAME))) {
            error(config, SourceLinkConfig.REVERSE_LINK_NAME, "Name the link that mirrored the topics of "
                    + SourceLinkConfig.MIRROR_TOPICS_RESTORE + " the other way (its state topic on this link's source "
                    + "cluster says how far it copied them)");
        }
    }

    private static List<String> topics(String list) {
        return blank(list) ? List.of() : java.util.Arrays.stream(list.split(",")).map(String::trim)
                .filter(topic -> !topic.isEmpty()).toList();
    }

    /** More than one request in flight without idempotence reorders records on a retry. */
    private static void requireOrderedProducer(Map<String, String> props, Config config) {
        String inFlight = trim(props.get(IN_FLIGHT_OVERRIDE));
        if (inFlight == null) {
            return;
        }
        int requests;
        try {
            requests = Integer.parseInt(inFlight);
        } catch (NumberFormatException e) {
            addError(config, IN_FLIGHT_OVERRIDE, inFlight, "Must be a whole number from 1 to 5");
            return;
        }
        if (requests > 1 && !"true".equalsIgnoreCase(trim(props.get(IDEMPOTENCE_OVERRIDE)))) {
            addError(config, IN_FLIGHT_OVERRIDE, inFlight, "With " + requests + " requests in flight a retry can reorder "
                    + "or duplicate records and break offset alignment: also set " + IDEMPOTENCE_OVERRIDE + "=true, "
                    + "or use 1");
        }
    }

    private static void error(Config config, String key, String message) {
        Optional<ConfigValue> value = config.configValues().stream().filter(v -> v.name().equals(key)).findFirst();
        if (value.isPresent()) {
            value.get().addErrorMessage(message);
        } else {
            addError(config, key, null, message);
        }
    }

    private static void addError(Config config, String key, Object value, String message) {
        ConfigValue configValue = new ConfigValue(key, value, new java.util.ArrayList<>(), new java.util.ArrayList<>());
        configValue.addErrorMessage(message);
        config.configValues().add(configValue);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
