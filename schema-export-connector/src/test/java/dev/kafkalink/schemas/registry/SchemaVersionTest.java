package dev.kafkalink.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SchemaVersionTest {

    private static SchemaVersion version(String type, String schema, SchemaReference... references) {
        return new SchemaVersion("s", 1, 1, type, schema, List.of(references));
    }

    @Test
    void jsonTextsAreTheSameSchemaWhateverTheirSpacingProtobufTextsOnlyWhenEqual() {
        assertTrue(version(null, "{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}")
                .sameSchema(version("AVRO", "{ \"type\": \"record\", \"name\": \"A\", \"fields\": [] }")));
        assertTrue(version("JSON", "{\"type\":\"object\"}").sameSchema(version("JSON", "{\n  \"type\" : \"object\"\n}")));
        assertFalse(version("PROTOBUF", "syntax = \"proto3\";").sameSchema(version("PROTOBUF", "syntax  = \"proto3\";")));
        assertFalse(version("AVRO", "\"string\"").sameSchema(version("JSON", "\"string\"")), "the type counts");
        assertFalse(version("AVRO", "\"string\"", new SchemaReference("a", "b", 1)).sameSchema(version("AVRO", "\"string\"")),
                "references count");
    }
}
