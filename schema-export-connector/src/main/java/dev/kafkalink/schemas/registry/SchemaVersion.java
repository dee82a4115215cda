package dev.kafkalink.schemas.registry;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One version of a subject as the Confluent REST API shows it. Two versions hold the same schema
 * when type, text, references and data contract are equal ({@link #sameSchema}), as in Confluent
 * Schema Registry 7.4+, where metadata and rule sets are part of a schema's identity; the id and
 * version are where it is registered.
 */
public record SchemaVersion(String subject, int version, int id, String schemaType, String schema,
                            List<SchemaReference> references, DataContract contract) {

    public static final String AVRO = "AVRO";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SchemaVersion {
        schemaType = schemaType == null || schemaType.isEmpty() ? AVRO : schemaType;
        references = references == null ? List.of() : List.copyOf(references);
        contract = contract == null ? DataContract.NONE : contract;
    }

    /** A version without metadata or rule set. */
    public SchemaVersion(String subject, int version, int id, String schemaType, String schema, List<SchemaReference> references) {
        this(subject, version, id, schemaType, schema, references, DataContract.NONE);
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

    /** Same type, text and references: what a registry without data contracts can keep. */
    public boolean sameSchemaIgnoringContract(SchemaVersion other) {
        return schemaType.equals(other.schemaType) && sameText(other.schema) && references.equals(other.references);
    }

    /** Same type, text, references, metadata and rule set. */
    public boolean sameSchema(SchemaVersion other) {
        return sameSchemaIgnoringContract(other) && contract.equals(other.contract);
    }
}
