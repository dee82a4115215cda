package dev.kafkalink.common.state;

/**
 * What the link knows of one mirror topic. The link created the destination topic (or adopted it
 * empty) when this exists, which is how it tells its own topics from anyone else's.
 *
 * @param sourceTopic   name on the source
 * @param sourceTopicId topic id on the source; another id means the topic was recreated
 * @param partitions    partitions mirrored so far
 * @param state         where the mirror is in its life
 * @param reason        why, for FAILED and other states that need one; null otherwise
 * @param updatedMs     when this was written
 */
public record MirrorTopicState(String sourceTopic, String sourceTopicId, int partitions, MirrorState state,
                               String reason, long updatedMs) {

    public MirrorTopicState withPartitions(int count, long nowMs) {
        return new MirrorTopicState(sourceTopic, sourceTopicId, count, state, reason, nowMs);
    }

    public MirrorTopicState failed(String why, long nowMs) {
        return to(MirrorState.FAILED, why, nowMs);
    }

    public MirrorTopicState to(MirrorState next, String why, long nowMs) {
        return new MirrorTopicState(sourceTopic, sourceTopicId, partitions, next, why, nowMs);
    }
}
