package dev.kafkalink.source;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import dev.kafkalink.common.metrics.GaugeRegistry;
import dev.kafkalink.common.metrics.LinkGauges;

/**
 * Per-partition health of the mirrors as plugin metrics (see {@link LinkGauges}), tagged by link, mirror
 * topic and partition: lag in records behind the source, replication latency (source timestamp to
 * destination acknowledgement of the last record) and offset deviations seen; per task, the polls that
 * failed because a cluster did not answer.
 */
final class MirrorMetrics implements AutoCloseable {

    private final LinkGauges gauges;

    private final AtomicLong failedPolls = new AtomicLong();

    MirrorMetrics(GaugeRegistry metrics, String link) {
        this.gauges = new LinkGauges(metrics, link);
        gauges.add("poll-errors-total", "Polls that failed because a cluster did not answer in time (the task retries; "
                + "its log says which)", failedPolls::get);
    }

    void recordFailedPoll() {
        failedPolls.incrementAndGet();
    }

    void register(PartitionProgress partition) {
        add(partition, "mirror-lag", "Records the mirror partition is behind the source partition", PartitionProgress::lag);
        add(partition, "replication-latency-ms", "Milliseconds from the source timestamp of the last mirrored record "
                + "to its acknowledgement by the destination", PartitionProgress::latencyMs);
        add(partition, "offset-deviations", "Records that landed at another destination offset than predicted",
                PartitionProgress::deviations);
    }

    private void add(PartitionProgress partition, String name, String description, ToLongFunction<PartitionProgress> value) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("topic", partition.mirror.topic());
        tags.put("partition", Integer.toString(partition.mirror.partition()));
        gauges.add(name, description, tags, () -> value.applyAsLong(partition));
    }

    /** Registers gauges that a previous instance of the task still held at start (see {@link LinkGauges}). */
    void retryPending() {
        gauges.retryPending();
    }

    @Override
    public void close() {
        gauges.close();
    }
}
