package dev.kafkalink.common.state;

/** The life of a mirror topic, as Cluster Linking names it. */
public enum MirrorState {
    /** Records are copied. */
    ACTIVE,
    /** Copying is paused; offsets stay aligned. */
    PAUSED,
    /** Promotion waits until the mirror has every source record. */
    PENDING_STOPPED,
    /** No longer a mirror: the link never writes to it again. */
    STOPPED,
    /** Mirroring cannot go on; the reason says why. */
    FAILED,
    /** The source topic cannot be reached. */
    SOURCE_UNAVAILABLE
}
