package dev.kafkalink.acls;

import java.util.concurrent.atomic.AtomicLong;

import dev.kafkalink.common.metrics.GaugeRegistry;
import dev.kafkalink.common.metrics.LinkGauges;
import dev.kafkalink.common.metrics.SweepTiming;

/** The ACL sync's health as plugin metrics (see {@link LinkGauges}), tagged by link. */
final class AclSyncMetrics implements AutoCloseable {

    private final LinkGauges gauges;
    private volatile AclSweep.Result last = new AclSweep.Result(0, 0, 0, 0, 0);
    private final AtomicLong createdTotal = new AtomicLong();
    private final AtomicLong deletedTotal = new AtomicLong();
    private final SweepTiming timing;
    private final AtomicLong failedSweeps = new AtomicLong();

    AclSyncMetrics(GaugeRegistry metrics, String link) {
        gauges = new LinkGauges(metrics, link);
        gauges.add("bindings-in-sync", "Source bindings the filters match that exist on the destination after the last sweep",
                () -> last.inSync());
        gauges.add("bindings-owned", "Destination bindings the link created and would delete with their source",
                () -> last.owned());
        gauges.add("bindings-skipped", "Bindings the destination refused in the last sweep (retried next sweep)",
                () -> last.skipped());
        gauges.add("bindings-created-total", "Bindings created on the destination since the task started", createdTotal::get);
        gauges.add("bindings-deleted-total", "Bindings deleted on the destination since the task started", deletedTotal::get);
        gauges.add("sweep-errors-total", "Sweeps that failed (a cluster that did not answer, for example) and were retried",
                failedSweeps::get);
        timing = new SweepTiming(gauges);
    }

    void recordSweep(AclSweep.Result result, long finishedMs, long tookMs) {
        last = result;
        createdTotal.addAndGet(result.created());
        deletedTotal.addAndGet(result.deleted());
        timing.record(finishedMs, tookMs);
    }

    void recordFailedSweep() {
        failedSweeps.incrementAndGet();
    }

    @Override
    public void close() {
        gauges.close();
    }
}
