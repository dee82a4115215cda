package dev.kafkalink.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What the soak samples besides the verifier's counts: this JVM's heap (it hosts the brokers, the
 * in-process Connect worker and the verifier) and the size of the link's state topic. A gauge that
 * cannot be read while a broker restarts is -1 for that sample.
 */
final class SoakGauges {

    private SoakGauges() {
    }

    static long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The heap in use after a full collection (System.gc()): what grows if something leaks. It pauses the
     * JVM for a moment, so the soak takes it once a minute, not with every sample.
     */
    static long liveHeapBytes() {
        System.gc();
        return heapUsedBytes();
    }

    /** The state topic's bytes on disk, one replica per partition (the largest). */
    static long topicBytes(Admin admin, String topic) {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(node -> node.id()).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers,
                    new DescribeLogDirsOptions().timeoutMs(5000)).allDescriptions().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> largest = new HashMap<>();
            for (Map<String, LogDirDescription> broker : dirs.values()) {
                for (LogDirDescription dir : broker.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            largest.merge(replica.getKey(), replica.getValue().size(), Math::max);
                        }
                    }
                }
            }
            return largest.values().stream().mapToLong(Long::longValue).sum();
        } catch (Exception e) {
            return -1;
        }
    }
}
