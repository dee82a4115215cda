package dev.kafkalink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** kafka-link reverse / restore write the reverse link's configuration from the forward one. */
class ReverseCommandTest {

    private static Map<String, String> forward() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", LinkConnection.SOURCE_LINK_CONNECTOR);
        config.put("link.name", "dc1");
        config.put("source.bootstrap.servers", "a:9092");
        config.put("source.security.protocol", "SASL_SSL");
        config.put("destination.bootstrap.servers", "b:9092");
        config.put("mirror.topics", "orders,payments");
        config.put("mirror.topics.failover", "orders");
        config.put("producer.override.enable.idempotence", "true");
        config.put("producer.override.bootstrap.servers", "b:9092");
        return config;
    }

    @Test
    void theReverseLinkSwapsTheClustersDropsOldProducerConnectionKeysAndRestoresOnlyTheTopicsNamed() {
        Map<String, String> reverse = ReverseCommand.withRestore(ReverseCommand.reversed(forward(), "dc1-back"),
                List.of("orders"), "dc1");
        assertEquals("b:9092", reverse.get("source.bootstrap.servers"));
        assertEquals("a:9092", reverse.get("destination.bootstrap.servers"));
        assertEquals("SASL_SSL", reverse.get("destination.security.protocol"));
        assertFalse(reverse.containsKey("producer.override.bootstrap.servers"), "the link writes with destination.*");
        assertEquals("true", reverse.get("producer.override.enable.idempotence"), "tuning keys stay");
        assertEquals("dc1-back", reverse.get("link.name"));
        assertEquals("orders", reverse.get("mirror.topics"));
        assertEquals("orders", reverse.get("mirror.topics.restore"));
        assertEquals("dc1", reverse.get("reverse.link.name"));
        assertFalse(reverse.containsKey("mirror.topics.failover"));
    }

    @Test
    void restoringOnAnExistingLinkTakesTheTopicOutOfItsOperations() {
        Map<String, String> restored = ReverseCommand.withRestore(forward(), List.of("orders"), "dc1-back");
        assertEquals("orders,payments", restored.get("mirror.topics"));
        assertEquals("orders", restored.get("mirror.topics.restore"));
        assertEquals("dc1-back", restored.get("reverse.link.name"));
        assertFalse(restored.containsKey("mirror.topics.failover"));
    }

    @Test
    void aPrefixedLinkCannotBeReversed() {
        Map<String, String> prefixed = forward();
        prefixed.put("cluster.link.prefix", "dc1.");
        assertThrows(CliException.class, () -> ReverseCommand.reversed(prefixed, "dc1-back"));
    }
}
