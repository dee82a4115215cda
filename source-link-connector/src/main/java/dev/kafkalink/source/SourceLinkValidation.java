package dev.kafkalink.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Checks of {@link SourceLinkConnector#validate} that span keys or concern keys Connect owns
 * ({@code producer.override.*}, which tune the link's own producer). Each error is attached to the key
 * the user must change. Runs after the single-key validators.
 */
final class SourceLinkValidation {

    static final String IN_FLIGHT_OVERRIDE = "producer.override.max.in.flight.requests.per.connection";
    static final String IDEMPOTENCE_OVERRIDE = "producer.override.enable.idempotence";
    static final String ACKS_OVERRIDE = "producer.override.acks";
    static final String PRODUCER_BOOTSTRAP_OVERRIDE = "producer.override.bootstrap.servers";

    private SourceLinkValidation() {
    }

    static Config validate(Map<String, String> props, Config validated) {
        Config config = new Config(new java.util.ArrayList<>(validated.configValues()));
        requireTopicSelection(props, config);
        refuseUnsafeProducerOverrides(props, config);
        refuseTopicsInTwoOperations(props, config);
        requireReverseLinkForRestore(props, config);
        requireProducerOnTheDestination(props, config);
        return config;
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
     * The link writes the mirrors with its own producer, from the destination.* settings: a
     * producer.override.bootstrap.servers left from a configuration written for Connect's producer is
     * ignored when it names the destination, and refused when it names another cluster.
     */
    private static void requireProducerOnTheDestination(Map<String, String> props, Config config) {
        String producer = trim(props.get(PRODUCER_BOOTSTRAP_OVERRIDE));
        String destination = trim(props.get("destination.bootstrap.servers"));
        if (producer != null && destination != null && !sameServers(producer, destination)) {
            addError(config, PRODUCER_BOOTSTRAP_OVERRIDE, producer, "The link writes the mirror topics with its own producer, "
                    + "to destination.bootstrap.servers (" + destination + ") with the destination.* security settings: "
                    + "remove this key");
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

    /**
     * The link's producer is idempotent and waits for all in-sync replicas (a retry neither duplicates
     * nor reorders, a leader change loses nothing): overrides that would undo it are refused, the
     * others tune it.
     */
    private static void refuseUnsafeProducerOverrides(Map<String, String> props, Config config) {
        String idempotence = trim(props.get(IDEMPOTENCE_OVERRIDE));
        if (idempotence != null && !idempotence.equalsIgnoreCase("true")) {
            addError(config, IDEMPOTENCE_OVERRIDE, idempotence, "The link's producer is always idempotent (a retried "
                    + "request would otherwise write records twice and break offset alignment): remove this key");
        }
        String acks = trim(props.get(ACKS_OVERRIDE));
        if (acks != null && !acks.equalsIgnoreCase("all") && !acks.equals("-1")) {
            addError(config, ACKS_OVERRIDE, acks, "The link's producer waits for all in-sync replicas (acks=all; with "
                    + "fewer, a leader change on the destination can lose mirrored records): remove this key");
        }
        String inFlight = trim(props.get(IN_FLIGHT_OVERRIDE));
        if (inFlight != null) {
            int requests;
            try {
                requests = Integer.parseInt(inFlight);
            } catch (NumberFormatException e) {
                requests = 0;
            }
            if (requests < 1 || requests > MirrorProducerSettings.MAX_IN_FLIGHT) {
                addError(config, IN_FLIGHT_OVERRIDE, inFlight, "Must be a whole number from 1 to "
                        + MirrorProducerSettings.MAX_IN_FLIGHT + " (more would reorder records on a retry)");
            }
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
