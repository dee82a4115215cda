package dev.kafkalink.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which task instance copies each mirror partition. A task instance claims its partitions in the
 * link's state before it finds where they resume. An instance that was replaced while it stood still
 * (its worker stalled in a long GC pause, and Connect moved its tasks meanwhile) finds another's claim
 * and stops writing those partitions quietly: the mirror is not at fault, this instance is stale.
 *
 * <p>Kafka cannot fence a producer that writes outside transactions, so this narrows the window
 * without closing it: records a stale instance had already handed to its producer still land, and the
 * instance that now owns the partition then sees its records misplaced and stops it with the reason.
 */
final class PartitionClaims {

    private static final Logger log = LoggerFactory.getLogger(PartitionClaims.class);

    private final String instance = UUID.randomUUID().toString();
    private final LinkStateStore store;

    PartitionClaims(LinkStateStore store) {
        this.store = store;
    }

    /** Claims the partitions for this instance; returns once the claim is stored. */
    void claim(Collection<TopicPartition> mirrors) {
        store.putClaims(mirrors, instance);
    }

    /**
     * Reads the link's state anew and stops reading every partition another instance claimed since:
     * this instance writes nothing more to them. Returns those partitions.
     */
    List<PartitionProgress> yieldLost(Collection<PartitionProgress> partitions, SourceReader reader) {
        store.refresh(Duration.ofMillis(SourceLinkTask.CHECK_TIMEOUT_MS));
        List<PartitionProgress> lost = new ArrayList<>();
        for (PartitionProgress partition : partitions) {
            Optional<String> claimant = store.claimant(partition.mirror);
            if (!reader.isStopped(partition.source) && claimant.isPresent() && !claimant.get().equals(instance)) {
                reader.stop(partition.source);
                lost.add(partition);
                log.warn("Mirror partition {} is copied by another instance of this task now (this one stood still while "
                        + "Connect moved it, a long GC pause perhaps): this instance writes nothing more to it", partition.mirror);
            }
        }
        return lost;
    }

    /**
     * True when another instance claimed the partition since this one did (then it is stopped here), so
     * that what looks like a foreign write is the new owner's: not a fault. False also when the link's
     * state cannot be read now: then the fault stands.
     */
    boolean lostToAnother(PartitionProgress partition, SourceReader reader) {
        try {
            return yieldLost(List.of(partition), reader).contains(partition);
        } catch (RuntimeException e) {
            log.debug("Could not read the link's state to tell whether {} moved to another instance: {}", partition.mirror,
                    e.toString());
            return false;
        }
    }
}
