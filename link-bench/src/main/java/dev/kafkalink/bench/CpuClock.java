package dev.kafkalink.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole JVM: brokers, worker, clients and loop alike, so that every contender pays
 * for the same brokers and the figures compare.
 */
final class CpuClock {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuClock() {
    }

    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
