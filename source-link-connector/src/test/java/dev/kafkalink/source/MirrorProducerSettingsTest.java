package dev.kafkalink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The link's producer is safe whatever the user sets, and takes their tuning. */
class MirrorProducerSettingsTest {

    @Test
    void theMinimalConfigGetsTheMirroringDefaults() {
        Map<String, Object> settings = MirrorProducerSettings.of(Map.of("bootstrap.servers", "destination:9092"), Map.of());
        assertEquals("all", settings.get("acks"));
        assertEquals(true, settings.get("enable.idempotence"));
        assertEquals(Integer.MAX_VALUE, settings.get("delivery.timeout.ms"));
        assertEquals("lz4", settings.get("compression.type"));
        assertEquals("destination:9092", settings.get("bootstrap.servers"));
    }

    @Test
    void overridesTuneButNeverConnectNorUndoSafety() {
        Map<String, Object> settings = MirrorProducerSettings.of(Map.of("bootstrap.servers", "destination:9092",
                "security.protocol", "SASL_SSL"), Map.of(
                "producer.override.linger.ms", "50",
                "producer.override.bootstrap.servers", "elsewhere:9092",
                "producer.override.security.protocol", "PLAINTEXT",
                "producer.override.acks", "1",
                "producer.override.max.in.flight.requests.per.connection", "10",
                "producer.override.transactional.id", "connect-task"));
        assertEquals("50", settings.get("linger.ms"));
        assertEquals("destination:9092", settings.get("bootstrap.servers"));
        assertEquals("SASL_SSL", settings.get("security.protocol"));
        assertEquals("all", settings.get("acks"));
        assertEquals(MirrorProducerSettings.MAX_IN_FLIGHT, settings.get("max.in.flight.requests.per.connection"));
        assertFalse(settings.containsKey("transactional.id"));
    }

    @Test
    void compressionFollowsTheMirrorTopicUnlessTheUserChoseOne() {
        assertEquals("lz4", MirrorProducerSettings.compressionFor("producer"));
        assertEquals("zstd", MirrorProducerSettings.compressionFor("zstd"));
        assertEquals("none", MirrorProducerSettings.compressionFor("uncompressed"));
        assertFalse(MirrorProducerSettings.compressionChosen(Map.of(), Map.of()));
        assertTrue(MirrorProducerSettings.compressionChosen(Map.of(), Map.of("producer.override.compression.type", "gzip")));
        assertTrue(MirrorProducerSettings.compressionChosen(Map.of("compression.type", "gzip"), Map.of()));
    }
}
