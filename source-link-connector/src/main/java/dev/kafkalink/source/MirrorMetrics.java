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
 * failed because a cluster did not answer and what the link's producer wrote.
 */
final class MirrorMetrics implements AutoCloseable {

    private final LinkGauges gauges;

    private final AtomicLong failedPolls = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();

    MirrorMetrics(GaugeRegistry metrics, String link) {
        this.gauges = new LinkGauges(metrics, link);
        gauges.add("poll-errors-total", "Polls that failed because a cluster did not answer in time (the task retries; "
                + "its log says which)", failedPolls::get);
    }

    void recordRead(int records) {
        recordsRead.addAndGet(records);
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

    /** What Connect's source-task metrics no longer count: the link's producer writes the records, not Connect's. */
    void register(MirrorWriter writer) {
        gauges.add("records-read-total", "Source records the task read (a record read again after a retried poll counts again)",
                recordsRead::get);
        gauges.add("records-written-total", "Mirror records the destination acknowledged", writer::recordsWritten);
        gauges.add("bytes-written-total", "Bytes of mirror records (keys, values, headers) the destination acknowledged",
                writer::bytesWritten);
        gauges.add("produce-errors-total", "Mirror records the destination refused (the task fails with the reason)",
                writer::errors);
        gauges.add("bytes-in-flight", "Bytes of mirror records sent and not yet acknowledged (at most half of the "
                + "producer's buffer.memory: a slow destination slows reading)", writer::bytesInFlight);
        gauges.add("batch-size-avg", "Average bytes per batch the link's producer sent", () -> writer.producerMetric("batch-size-avg"));
        gauges.add("request-latency-avg-ms", "Average milliseconds the destination took to answer a produce request",
                () -> writer.producerMetric("request-latency-avg"));
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
