package dev.kafkalink.source;

/** A source topic as discovery saw it. */
record SourceTopic(String name, String topicId, int partitions) {
}
