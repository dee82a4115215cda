package dev.kafkalink.source;

import java.util.Map;

import dev.kafkalink.common.offsets.OffsetPoint;

import org.apache.kafka.common.TopicPartition;

/**
 * What one task knows about one mirrored partition. The poll thread predicts where each record will
 * land ({@link #nextDestination}); the producer's thread reports that it landed ({@link #committed}),
 * and {@link MirrorWriter} compares where with the prediction.
 */
final class PartitionProgress {

    final TopicPartition source;
    final TopicPartition mirror;
    final Map<String, Object> sourcePartitionKey;

    private long nextDestination;
    private long delta;
    private boolean destinationEmpty;

    private volatile long lag = -1;
    private volatile long latencyMs = -1;
    private volatile long deviations;
    private long inFlight;

    /** What {@link #snapshot} saves for {@link #restore}. */
    record Snapshot(long nextDestination, long delta, boolean destinationEmpty) {
    }

    PartitionProgress(TopicPartition source, TopicPartition mirror, long sourcePosition, long destinationEnd,
                      boolean destinationEmpty) {
        this.source = source;
        this.mirror = mirror;
        this.sourcePartitionKey = Map.of("topic", source.topic(), "partition", source.partition());
        this.nextDestination = destinationEnd;
        this.delta = sourcePosition - destinationEnd;
        this.destinationEmpty = destinationEmpty;
    }

    /** True while the mirror partition holds no record and none is on its way: it may be advanced. */
    boolean destinationEmpty() {
        return destinationEmpty;
    }

    /** The empty mirror partition now ends at {@code offset}, where the next source record lands. */
    void advancedTo(long offset) {
        nextDestination = offset;
    }

    long nextDestination() {
        return nextDestination;
    }

    /**
     * Takes the next record (poll thread): returns the point to store before the record is handed to
     * Connect when its offset does not follow the run of the previous record, null otherwise.
     */
    OffsetPoint take(long sourceOffset) {
        long destination = nextDestination++;
        if (sourceOffset - destination == delta) {
            return null;
        }
        delta = sourceOffset - destination;
        return new OffsetPoint(sourceOffset, destination);
    }

    Snapshot snapshot() {
        return new Snapshot(nextDestination, delta, destinationEmpty);
    }

    /** Forgets records taken since a snapshot, because they were not handed to Connect. */
    void restore(Snapshot snapshot) {
        nextDestination = snapshot.nextDestination();
        delta = snapshot.delta();
        destinationEmpty = snapshot.destinationEmpty();
    }

    long delta() {
        return delta;
    }

    synchronized void handedOver(int records) {
        inFlight += records;
        destinationEmpty = false;
    }

    /** A record reached the destination (producer thread). */
    synchronized void committed(long nowMs, long timestampMs) {
        inFlight--;
        if (timestampMs >= 0) {
            latencyMs = nowMs - timestampMs;
        }
    }

    /** Records counted by {@link #handedOver} that were not sent after all. */
    synchronized void notSent(int records) {
        inFlight -= records;
    }

    /**
     * Takes back the records from {@code sourceOffset} on (not sent): the next one taken is that record
     * again, predicted at {@code destination}. Its point, if it needed one, is stored already.
     */
    void rewindTo(long destination, long sourceOffset) {
        nextDestination = destination;
        delta = sourceOffset - destination;
    }

    /** A record the destination refused (producer thread). */
    synchronized void dropped() {
        inFlight--;
    }

    synchronized boolean idle() {
        return inFlight == 0;
    }

    void lag(long records) {
        lag = records;
    }

    long lag() {
        return lag;
    }

    long latencyMs() {
        return latencyMs;
    }

    void deviation() {
        deviations++;
    }

    long deviations() {
        return deviations;
    }
}
