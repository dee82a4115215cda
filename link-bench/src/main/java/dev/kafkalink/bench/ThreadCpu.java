package dev.kafkalink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of some threads of this JVM: the copier's own (its task, producer and loop threads),
 * which the whole JVM's figure hides under the brokers' work.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Predicate<String> chosen;
    private final Map<Long, Long> start = new HashMap<>();

    /**
     * Starts counting the CPU of the threads whose names {@code chosen} accepts when counted: every
     * thread's CPU so far is noted now, whatever its name, because Connect runs tasks on pooled threads
     * that it renames for each task (a thread that ran another copier's task must count from here).
     */
    ThreadCpu(Predicate<String> chosen) {
        this.chosen = chosen;
        start.putAll(now(name -> true));
    }

    /** CPU nanoseconds the chosen threads used since this started (threads that already ended are not counted). */
    long nanos() {
        long used = 0;
        for (Map.Entry<Long, Long> thread : now(chosen).entrySet()) {
            used += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
        }
        return used;
    }

    private static Map<Long, Long> now(Predicate<String> chosen) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && chosen.test(info.getThreadName())) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
