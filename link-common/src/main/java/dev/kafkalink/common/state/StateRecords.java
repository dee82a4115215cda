package dev.kafkalink.common.state;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.TopicPartition;

/**
 * Keys and values of the state topic. Keys are text so that operators can read the topic with the
 * console consumer:
 * <ul>
 *   <li>{@code mirror/<mirror topic>} : a {@link MirrorTopicState} as JSON
 *   <li>{@code map/<mirror topic>/<partition>/<first destination offset>} : a chunk of the partition's
 *       offset map ({@link dev.kafkalink.common.offsets.OffsetChunk}, binary); the last chunk of a
 *       partition is written again under the same key while it fills
 *   <li>{@code offset/<mirror topic>/<partition>/<destination offset>} : one offset map point (the source
 *       offset, as text), as links before version 0.2 wrote them; the task copying the partition moves
 *       them into chunks and deletes them
 *   <li>{@code align/<mirror topic>/<partition>} : the offset an empty mirror partition is being
 *       advanced to, as text; written before the first filler record
 *   <li>{@code acl/<binding>} : the same binding text; the link created this ACL binding on the
 *       destination (written before it is created), a tombstone once the link deleted it
 *   <li>{@code release/<mirror topic>/<partition>} : the task that copied this partition stopped
 *       writing to it; the value is {@code <updatedMs of the PENDING_STOPPED state it answers>/<source position>}
 *   <li>{@code fault/<mirror topic>/<partition>} : {@code <epoch ms>/<reason>}: the task copying this
 *       partition found it written by someone else and stopped; the connector fails the mirror
 *   <li>{@code creating/<mirror topic>} : the source topic's name; written before the link creates the
 *       mirror topic, so that another link never takes the new topic for one of its sources' own
 *   <li>{@code claim/<mirror topic>/<partition>} : the id of the task instance that copies this
 *       partition now, written when it opens: an instance that finds another's claim stopped writing
 *       (a stalled worker whose tasks moved meanwhile)
 *   <li>{@code sync/offsets/<i>/<n>} : when the last sweep of offset sync task i of n started (epoch ms)
 *   <li>{@code restore/<mirror topic>} : a {@link MirrorRestoreState} as JSON: how far the restore of a topic
 *       that the reverse link mirrored got
 * </ul>
 * Topic names cannot hold '/', so the offset keys split unambiguously; an ACL key is everything after
 * its prefix.
 */
final class StateRecords {

    static final String MIRROR = "mirror/";
    static final String OFFSET = "offset/";
    static final String MAP = "map/";
    static final String ALIGN = "align/";
    static final String CREATING = "creating/";
    static final String ACL = "acl/";
    static final String RELEASE = "release/";
    static final String FAULT = "fault/";
    static final String CLAIM = "claim/";
    static final String OFFSET_SYNC = "sync/offsets/";
    static final String RESTORE = "restore/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateRecords() {
    }

    static byte[] mirrorKey(String mirrorTopic) {
        return bytes(MIRROR + mirrorTopic);
    }

    static byte[] offsetKey(TopicPartition mirrorPartition, long destinationOffset) {
        return bytes(OFFSET + mirrorPartition.topic() + "/" + mirrorPartition.partition() + "/" + destinationOffset);
    }

    static byte[] mapKey(TopicPartition mirrorPartition, long firstDestinationOffset) {
        return bytes(MAP + mirrorPartition.topic() + "/" + mirrorPartition.partition() + "/" + firstDestinationOffset);
    }

    static byte[] creatingKey(String mirrorTopic) {
        return bytes(CREATING + mirrorTopic);
    }

    static byte[] alignKey(TopicPartition mirrorPartition) {
        return bytes(ALIGN + mirrorPartition.topic() + "/" + mirrorPartition.partition());
    }

    static byte[] aclKey(String binding) {
        return bytes(ACL + binding);
    }

    static byte[] releaseKey(TopicPartition mirrorPartition) {
        return bytes(RELEASE + mirrorPartition.topic() + "/" + mirrorPartition.partition());
    }

    static byte[] faultKey(TopicPartition mirrorPartition) {
        return bytes(FAULT + mirrorPartition.topic() + "/" + mirrorPartition.partition());
    }

    static byte[] claimKey(TopicPartition mirrorPartition) {
        return bytes(CLAIM + mirrorPartition.topic() + "/" + mirrorPartition.partition());
    }

    static byte[] encode(LinkStateStore.Fault fault) {
        return bytes(fault.atMs() + "/" + fault.reason());
    }

    static LinkStateStore.Fault decodeFault(byte[] value) {
        String text = text(value);
        int slash = text.indexOf('/');
        return new LinkStateStore.Fault(Long.parseLong(text.substring(0, slash)), text.substring(slash + 1));
    }

    static TopicPartition parseAlignKey(String key) {
        return parsePartitionKey(key, ALIGN);
    }

    /** The partition of a key {@code <prefix><topic>/<partition>}. */
    static TopicPartition parsePartitionKey(String key, String prefix) {
        String rest = key.substring(prefix.length());
        int slash = rest.lastIndexOf('/');
        return new TopicPartition(rest.substring(0, slash), Integer.parseInt(rest.substring(slash + 1)));
    }

    static byte[] restoreKey(String mirrorTopic) {
        return bytes(RESTORE + mirrorTopic);
    }

    static byte[] encode(MirrorRestoreState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + state, e);
        }
    }

    static MirrorRestoreState decodeRestore(byte[] value) {
        try {
            return JSON.readValue(value, MirrorRestoreState.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable restore state " + text(value), e);
        }
    }

    static byte[] encode(MirrorTopicState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + state, e);
        }
    }

    static MirrorTopicState decodeMirrorState(byte[] value) {
        try {
            return JSON.readValue(value, MirrorTopicState.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable mirror state " + text(value), e);
        }
    }

    static byte[] encode(LinkStateStore.Release release) {
        return bytes(release.stateUpdatedMs() + "/" + release.sourcePosition());
    }

    static LinkStateStore.Release decodeRelease(byte[] value) {
        String text = text(value);
        int slash = text.indexOf('/');
        return new LinkStateStore.Release(Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
    }

    static byte[] encodeSourceOffset(long sourceOffset) {
        return bytes(Long.toString(sourceOffset));
    }

    static long decodeSourceOffset(byte[] value) {
        return Long.parseLong(text(value));
    }

    /**
     * The partition and destination offset of an offset key ({@code offset/<topic>/<p>/<d>}) or a map
     * chunk key ({@code map/<topic>/<p>/<first d>}), after its prefix.
     */
    static OffsetKey parseOffsetKey(String key, String prefix) {
        String rest = key.substring(prefix.length());
        int lastSlash = rest.lastIndexOf('/');
        int partitionSlash = rest.lastIndexOf('/', lastSlash - 1);
        TopicPartition partition = new TopicPartition(rest.substring(0, partitionSlash),
                Integer.parseInt(rest.substring(partitionSlash + 1, lastSlash)));
        return new OffsetKey(partition, Long.parseLong(rest.substring(lastSlash + 1)));
    }

    record OffsetKey(TopicPartition partition, long destinationOffset) {
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
