package dev.kafkalink.schemas.registry;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One version of a subject as the Confluent REST API shows it. Two versions hold the same schema
 * when type, text and references are equal ({@link #sameSchema}); the id and version are where it
 * is registered.
 */
public record SchemaVersion(String subject, int version, int id, String schemaType, String schema,
                            List<SchemaReference> references) {

    public static final String AVRO = "AVRO";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SchemaVersion {
        schemaType = schemaType == null || schemaType.isEmpty() ? AVRO : schemaType;
        references = references == null ? List.of() : List.copyOf(references);
    }

    private boolean sameSchema(String otherType, String otherSchema, List<SchemaReference> otherReferences) {
        return schemaType.equals(otherType == null ? AVRO : otherType) && sameText(otherSchema)
                && references.equals(otherReferences == null ? List.of() : otherReferences);
    }

    /** Avro and JSON Schema texts are JSON: registries may re-serialize them (spacing, key order). */
    private boolean sameText(String other) {
        if (schema.equals(other)) {
            return true;
        }
        if (schemaType.equals("PROTOBUF") || other == null) {
            return false;
        }
        try {
            return JSON.readTree(schema).equals(JSON.readTree(other));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    public boolean sameSchema(SchemaVersion other) {
        return sameSchema(other.schemaType, other.schema, other.references);
    }
}
