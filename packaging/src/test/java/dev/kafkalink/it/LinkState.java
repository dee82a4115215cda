package dev.kafkalink.it;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a link's state topic on the destination says, read the way an operator would. */
final class LinkState {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LinkState() {
    }

    /** The latest stored state of a mirror topic ({state, reason, partitions, ...}), or null. */
    static JsonNode mirror(LinkClusters clusters, String link, String mirror) {
        return latest(clusters.destination().bootstrapServers(), link, "mirror/" + mirror);
    }

    /** The latest JSON value of a state record of a link whose state topic is on cluster {@code bootstrap}, or null. */
    static JsonNode latest(String bootstrap, String link, String key) {
        JsonNode latest = null;
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(bootstrap,
                "_kafka-link-" + link + "-state").getOrDefault(0, List.of());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (key.equals(new String(record.key(), StandardCharsets.UTF_8)) && record.value() != null) {
                try {
                    latest = JSON.readTree(record.value());
                } catch (java.io.IOException e) {
                    throw new AssertionError("unreadable mirror state", e);
                }
            }
        }
        return latest;
    }

    /** The faults tasks reported for a mirror's partitions ({@code fault/<mirror>/<p>} records), as stored. */
    static List<String> faults(LinkClusters clusters, String link, String mirror) {
        String prefix = "fault/" + mirror + "/";
        return TopicReader.readAll(clusters.destination().bootstrapServers(), "_kafka-link-" + link + "-state")
                .getOrDefault(0, List.of()).stream()
                .filter(record -> new String(record.key(), StandardCharsets.UTF_8).startsWith(prefix) && record.value() != null)
                .map(record -> new String(record.key(), StandardCharsets.UTF_8) + " " + new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }

    static String state(LinkClusters clusters, String link, String mirror) {
        JsonNode state = mirror(clusters, link, mirror);
        return state == null ? "none" : state.path("state").asText();
    }
}
