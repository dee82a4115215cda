package dev.kafkalink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class FaultReportTest {

    private static final Map<String, String> PROPS = Map.of("name", "link");
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1),
            new TopicPartition("t", 2));

    private static List<Map<String, String>> tasks(int maxTasks, Optional<String> report) {
        return FaultReport.taskConfigs(PROPS, PartitionAssigner.assign(PARTITIONS, maxTasks),
                fewer -> PartitionAssigner.assign(PARTITIONS, fewer), maxTasks, report);
    }

    private static long reporters(List<Map<String, String>> tasks) {
        return tasks.stream().filter(task -> task.containsKey(SourceLinkConfig.TASK_FAULT_REPORT)).count();
    }

    @Test
    void noReportTaskWithoutAFault() {
        assertEquals(2, tasks(2, Optional.empty()).size());
        assertEquals(0, reporters(tasks(2, Optional.empty())));
    }

    @Test
    void theReportTakesAFreeSlotOrOneFromCopyingButNeverExceedsTasksMax() {
        List<Map<String, String>> free = tasks(4, Optional.of("r"));
        assertEquals(4, free.size(), "3 copying tasks and the report");
        assertEquals(1, reporters(free));
        List<Map<String, String>> full = tasks(2, Optional.of("r"));
        assertEquals(2, full.size(), "1 copying task and the report");
        assertEquals(1, reporters(full));
        assertEquals(PartitionAssigner.encode(PARTITIONS), full.get(0).get(SourceLinkConfig.TASK_PARTITIONS));
        List<Map<String, String>> one = tasks(1, Optional.of("r"));
        assertEquals(1, one.size(), "no slot: copying goes first");
        assertEquals(0, reporters(one));
    }

    @Test
    void everyMirrorFailedLeavesOnlyTheReportTask() {
        List<Map<String, String>> tasks = FaultReport.taskConfigs(PROPS, List.of(), fewer -> List.of(), 1, Optional.of("r"));
        assertEquals(1, tasks.size());
        ConnectException failed = assertThrows(ConnectException.class, () -> FaultReport.failIfReportTask(tasks.get(0)));
        assertEquals("r", failed.getMessage());
        FaultReport.failIfReportTask(Map.of(SourceLinkConfig.TASK_PARTITIONS, "t:0"));
    }

    @Test
    void aSummaryNamesEveryStoppedPartitionAndReason() {
        Map<Integer, LinkStateStore.Fault> faults = new TreeMap<>(Map.of(2, new LinkStateStore.Fault(1, "twice"),
                5, new LinkStateStore.Fault(2, "foreign")));
        String summary = PartitionFaults.summary(faults);
        assertTrue(summary.startsWith("partitions 2, 5 stopped by a fault (the others copy): "), summary);
        assertTrue(summary.contains("twice") && summary.contains("foreign"), summary);
    }

    @Test
    void ownDuplicatesCompareKeyValueHeadersAndTimestamp() {
        ConsumerRecord<byte[], byte[]> a = record(10, "k", "v", "h", "1");
        assertTrue(OwnDuplicates.sameBytes(a, record(10, "k", "v", "h", "1")));
        assertTrue(!OwnDuplicates.sameBytes(a, record(11, "k", "v", "h", "1")));
        assertTrue(!OwnDuplicates.sameBytes(a, record(10, "k", "w", "h", "1")));
        assertTrue(!OwnDuplicates.sameBytes(a, record(10, "k", "v", "h", "2")));
        assertTrue(!OwnDuplicates.sameBytes(a, record(10, null, "v", "h", "1")));
    }

    private static ConsumerRecord<byte[], byte[]> record(long timestamp, String key, String value, String header, String headerValue) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(header, headerValue.getBytes());
        return new ConsumerRecord<>("t", 0, 0, timestamp, TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(), value.getBytes(), headers, Optional.empty());
    }
}
