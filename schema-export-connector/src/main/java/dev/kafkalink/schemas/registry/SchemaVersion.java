package dev.kafkalink.schemas.registry;

import java.util.List;

/**
 * One version of a subject as the Confluent REST API shows it. Two versions hold the same schema
 * when type, text and references are equal ({@link #sameSchema}); the id and version are where it
 * is registered.
 */
public record SchemaVersion(String subject, int version, int id, String schemaType, String schema,
                            List<SchemaReference> references) {

    public static final String AVRO = "AVRO";

    public SchemaVersion {
        schemaType = schemaType == null || schemaType.isEmpty() ? AVRO : schemaType;
        references = references == null ? List.of() : List.copyOf(references);
    }

    public boolean sameSchema(String otherType, String otherSchema, List<SchemaReference> otherReferences) {
        return schemaType.equals(otherType == null ? AVRO : otherType) && schema.equals(otherSchema)
                && references.equals(otherReferences == null ? List.of() : otherReferences);
    }

    public boolean sameSchema(SchemaVersion other) {
        return sameSchema(other.schemaType, other.schema, other.references);
    }
}
