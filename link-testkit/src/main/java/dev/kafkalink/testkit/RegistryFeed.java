package dev.kafkalink.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kafkalink.testkit.RegistrySettings.Mode;
import dev.kafkalink.testkit.RegistryStore.Version;

/**
 * The state changes of {@link ConfluentRegistryStandIn}, told as they happen so that they can be written where
 * Confluent writes them (its {@code _schemas} topic, see {@link KafkaRegistryFeed}). {@link RegistryStore} and
 * {@link RegistrySettings} call it while they hold their lock, before they change their state, so the feed sees
 * changes in the order they are made. Subjects are qualified ({@code :.ctx:name}, default context bare); a null
 * subject is the global setting.
 */
interface RegistryFeed extends AutoCloseable {

    /** No feed: the stand-in without Kafka. */
    RegistryFeed NONE = new RegistryFeed() {
    };

    /** A version registered, imported, overwritten or soft-deleted: its whole new state. */
    default void version(Version version) {
    }

    /** A version hard-deleted. */
    default void versionRemoved(String subject, int version) {
    }

    /** A subject soft-deleted as a whole, after its versions were told; {@code latest} is its highest version. */
    default void subjectDeleted(String subject, int latest) {
    }

    /** A config set (its whole new value, as Confluent's {@code ConfigValue}), or deleted when {@code config} is null. */
    default void config(String subject, ObjectNode config) {
    }

    /** A mode set, or deleted when {@code mode} is null. */
    default void mode(String subject, Mode mode) {
    }

    @Override
    default void close() {
    }
}
