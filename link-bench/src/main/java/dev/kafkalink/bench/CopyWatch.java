package dev.kafkalink.bench;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a contender's destination partitions until they hold a number of records, and notes when
 * the first and the last arrived. One long-lived Admin client asks ten times a second: cheap next
 * to the copy it watches.
 */
final class CopyWatch {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    /**
     * When the copy started, when its first record and its last arrived (System.nanoTime), the CPU the
     * whole JVM took and the CPU of the copier's own threads.
     */
    record Timing(long startNanos, long firstNanos, long doneNanos, long cpuNanos, long ownCpuNanos) {

        /** At least one poll interval: what the watch can resolve. */
        double copySeconds() {
            return Math.max(doneNanos - firstNanos, INTERVAL.toNanos()) / 1e9;
        }

        double startupSeconds() {
            return (firstNanos - startNanos) / 1e9;
        }

        double cpuSeconds() {
            return cpuNanos / 1e9;
        }

        double ownCpuSeconds() {
            return ownCpuNanos / 1e9;
        }
    }

    private CopyWatch() {
    }

    /** Starts the contender and waits until its copies of {@code partitions} hold {@code records} in all. */
    static Timing copy(Contender contender, TopicSelection selection, Admin destination, long records, Duration deadline)
            throws Exception {
        List<TopicPartition> copies = selection.partitionsOf(contender);
        long cpu0 = CpuClock.nanos();
        ThreadCpu own = new ThreadCpu(contender::ownsThread);
        long start = System.nanoTime();
        contender.start(selection);
        long first = -1;
        long until = start + deadline.toNanos();
        while (true) {
            long total = BenchClusters.total(BenchClusters.ends(destination, copies));
            long now = System.nanoTime();
            if (total > 0 && first < 0) {
                first = now;
            }
            if (total >= records) {
                return new Timing(start, first, now, CpuClock.nanos() - cpu0, own.nanos());
            }
            if (now > until) {
                throw new IllegalStateException(contender.name() + " copied " + total + " of " + records + " records in "
                        + deadline.toSeconds() + " s");
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
