package dev.kafkalink.schemas.registry;

/** A schema's reference to a version of another subject, by the name the schema uses for it. */
public record SchemaReference(String name, String subject, int version) {
}
