package dev.kafkalink.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.offsets.PartitionOffsetMap;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.testkit.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Workload I: the link's state for the mirror of an exactly-once source (issue 15). A Kafka Streams
 * application with {@code exactly_once_v2} commits every 100 ms, so every output partition gets a
 * transaction marker ten times a second and the mirror's offset map a point at nearly every
 * transaction. A week of that cannot be produced here (a commit takes milliseconds), so the points of
 * a simulated week are written into a real state topic on the destination cluster exactly as the task
 * writes them ({@link LinkStateStore#putOffsetPoints}, a poll's worth at a time), then retention moves
 * the mirror's log start to the last day and the task prunes, as {@code OffsetMapPruner} does.
 * Measured: state bytes per point while retained and below the log start, state records, what a task
 * restarting reads and keeps, and the offset sync's load and translation of a group's positions.
 */
final class StateWorkload implements Workload {

    private static final int PARTITIONS = 12;
    private static final int POINTS_PER_PUT = 1_000;
    private static final String MIRROR = "eos-output";

    private final Scale scale;
    private final BenchClusters clusters;

    StateWorkload(Scale scale, BenchClusters clusters) {
        this.scale = scale;
        this.clusters = clusters;
    }

    @Override
    public String id() {
        return "I";
    }

    /** One mirror partition's simulated history: where the source and the mirror are, and how many markers. */
    private static final class History {
        long source;
        long destination;
        long markers;
        long points;
        /** Where each simulated day starts on the mirror, and on the source. */
        final List<Long> dayStarts = new ArrayList<>();
        final List<Long> sourceDayStarts = new ArrayList<>();
        long pointsOfLastDay;
    }

    @Override
    public Section run() throws Exception {
        String link = "state-" + System.currentTimeMillis();
        String topic = "_kafka-link-" + link + "-state";
        Map<String, Object> settings = Map.of("bootstrap.servers", clusters.destinationCluster().bootstrapServers());
        List<TopicPartition> mirrors = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            mirrors.add(new TopicPartition(MIRROR, p));
        }
        Map<TopicPartition, History> histories = new HashMap<>();
        long writeStarted = System.nanoTime();
        try (LinkStateStore writer = LinkStateStore.open(settings, topic, (short) -1, link + "-writer", partition -> true)) {
            writeWeek(writer, mirrors, histories);
        }
        double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;
        long markers = histories.values().stream().mapToLong(h -> h.markers).sum();
        long points = histories.values().stream().mapToLong(h -> h.points).sum();
        Progress.say("I: %,d markers, %,d points written in %.1f s", markers, points, writeSeconds);
        LiveState week = LiveState.read(clusters.destinationCluster().bootstrapServers(), topic);

        // Retention keeps the last simulated day; the task prunes as it does once a minute.
        try (LinkStateStore pruner = LinkStateStore.open(settings, topic, (short) -1, link + "-pruner", Set.copyOf(mirrors)::contains)) {
            for (TopicPartition mirror : mirrors) {
                pruner.pruneOffsetMap(mirror, histories.get(mirror).dayStarts.get(6));
            }
        }
        LiveState day = LiveState.read(clusters.destinationCluster().bootstrapServers(), topic);
        long retainedPoints = histories.values().stream().mapToLong(h -> h.pointsOfLastDay).sum();
        long chunksBelow = chunksWhollyBelowLogStart(settings, topic, link, mirrors, histories);

        List<TopicPartition> taskShare = mirrors.subList(0, PARTITIONS / 2);
        Measured restart = openAsTask(settings, topic, link, Set.copyOf(taskShare)::contains, histories, taskShare);
        Measured allAsTask = openAsTask(settings, topic, link, partition -> true, histories, mirrors);
        Measured offsetSync = open(settings, topic, link + "-offset-sync", partition -> true, store -> { });
        Map<TopicPartition, Long> lastRecords = new HashMap<>();
        mirrors.forEach(mirror -> lastRecords.put(mirror, histories.get(mirror).destination - 1));
        Measured health = open(settings, topic, link + "-health", partition -> true,
                store -> store.forgetOffsetMapsBelow(lastRecords));
        double translateMicros = translateGroups(settings, topic, link, mirrors, histories);

        Section section = new Section("I", "State of an exactly-once mirror over a simulated week");
        section.text("%d partitions, %,d transaction markers each (%,d in all: a week of a commit every %.0f ms), every tenth "
                        + "transaction aborted, 1 to 100 records per transaction; %,d offset map points written as the task writes "
                        + "them, %,d at a time, in %.0f s. Then retention keeps the last of 7 days and the task prunes. Before "
                        + "this change (issue 15's measurements): 76 state bytes and about 700 bytes of worker heap per point, "
                        + "no pruning, every task loading the whole topic.",
                PARTITIONS, scale.stateMarkersPerPartition(), markers, 7 * 24 * 3600_000.0 / scale.stateMarkersPerPartition(),
                points, POINTS_PER_PUT, writeSeconds);
        section.table(List.of("state", "live records", "live bytes", "bytes per retained point", "log bytes read at start"),
                List.of(week.row("after the week", points), day.row("after retention moved the log start", retainedPoints)));
        section.table(List.of("holder", "opens in", "offset map bytes kept", "heap after opening"), List.of(
                restart.row("a task of a 2-task link (6 partitions)"),
                allAsTask.row("one task copying all 12 partitions"),
                offsetSync.row("the offset sync (every map whole)"),
                health.row("the connector's link health (each map's tail)")));
        section.text("Translating one group's 12 committed positions through the offset sync's maps: %.1f µs.", translateMicros);
        double bytesPerPoint = week.liveBytes / (double) points;
        section.target("State bytes per gap while retained", "at most 4", Stats.decimal(bytesPerPoint), bytesPerPoint <= 4);
        section.target("State below the log start", "none but the chunk covering it, per partition",
                Stats.number(chunksBelow) + " chunks wholly below it; " + Stats.decimal(day.liveBytes / (double) retainedPoints)
                        + " bytes per retained point", chunksBelow == 0);
        section.target("A task's restart (state load)", "under 5 s", Stats.decimal(restart.seconds) + " s", restart.seconds < 5);
        section.target("A task's heap for the maps of 12 partitions", "under 64 MiB",
                Stats.decimal(allAsTask.heapBytes / 1048576.0) + " MiB", allAsTask.heapBytes < 64L * 1048576);
        return section;
    }

    private void writeWeek(LinkStateStore writer, List<TopicPartition> mirrors, Map<TopicPartition, History> histories) {
        Random random = new Random(20261205);
        mirrors.forEach(mirror -> histories.put(mirror, new History()));
        long perDay = scale.stateMarkersPerPartition() / 7;
        while (histories.values().stream().anyMatch(h -> h.markers < scale.stateMarkersPerPartition())) {
            for (TopicPartition mirror : mirrors) {
                History history = histories.get(mirror);
                List<OffsetPoint> batch = new ArrayList<>(POINTS_PER_PUT);
                while (batch.size() < POINTS_PER_PUT && history.markers < scale.stateMarkersPerPartition()) {
                    if (history.markers % perDay == 0 && history.dayStarts.size() < 7) {
                        history.dayStarts.add(history.destination);
                        history.sourceDayStarts.add(history.source);
                    }
                    int records = 1 + random.nextInt(100);
                    history.markers++;
                    if (random.nextInt(10) == 0) {
                        history.source += records + 1; // aborted: its records and its marker are a gap
                        continue;
                    }
                    batch.add(new OffsetPoint(history.source, history.destination));
                    history.source += records + 1;
                    history.destination += records;
                }
                history.points += batch.size();
                if (history.dayStarts.size() == 7) {
                    history.pointsOfLastDay += batch.stream().filter(point -> point.destinationOffset() >= history.dayStarts.get(6)).count();
                }
                if (!batch.isEmpty()) {
                    writer.putOffsetPoints(mirror, batch);
                }
            }
        }
    }

    private record Measured(double seconds, long mapBytes, long heapBytes) {
        List<String> row(String holder) {
            return List.of(holder, Stats.decimal(seconds) + " s", Stats.number(mapBytes),
                    Stats.decimal(heapBytes / 1048576.0) + " MiB");
        }
    }

    /** Opens the store as a restarting task does: its maps, then only their keys below the mirror's end. */
    private Measured openAsTask(Map<String, Object> settings, String topic, String link, Predicate<TopicPartition> loaded,
                                Map<TopicPartition, History> histories, List<TopicPartition> partitions) throws Exception {
        return open(settings, topic, link + "-task", loaded, store -> partitions.forEach(mirror ->
                store.resumeOffsetMapAt(mirror, histories.get(mirror).destination)));
    }

    private interface Opened {
        void accept(LinkStateStore store) throws Exception;
    }

    /** The median of three opens, and the heap the last one holds while open. */
    private Measured open(Map<String, Object> settings, String topic, String clientId, Predicate<TopicPartition> loaded,
                          Opened then) throws Exception {
        List<Double> seconds = new ArrayList<>();
        long mapBytes = 0;
        long heap = 0;
        for (int i = 0; i < 3; i++) {
            long before = usedHeapAfterGc();
            long started = System.nanoTime();
            try (LinkStateStore store = LinkStateStore.open(settings, topic, (short) -1, clientId, loaded)) {
                then.accept(store);
                seconds.add((System.nanoTime() - started) / 1e9);
                mapBytes = store.offsetMapBytes();
                heap = Math.max(0, usedHeapAfterGc() - before); // garbage of earlier steps can make it negative
            }
        }
        return new Measured(Stats.median(seconds), mapBytes, heap);
    }

    /** Chunks left whose records are all below the mirror's log start (the next chunk starts at or below it). */
    private static long chunksWhollyBelowLogStart(Map<String, Object> settings, String topic, String link,
                                                  List<TopicPartition> mirrors, Map<TopicPartition, History> histories) throws Exception {
        long below = 0;
        try (LinkStateStore store = LinkStateStore.open(settings, topic, (short) -1, link + "-check", partition -> true)) {
            for (TopicPartition mirror : mirrors) {
                long atOrBelow = store.offsetMap(mirror).chunks().keySet().stream()
                        .filter(key -> key <= histories.get(mirror).dayStarts.get(6)).count();
                below += Math.max(0, atOrBelow - 1);
            }
        }
        return below;
    }

    /** Microseconds to translate one group's position on every partition, positions anywhere in the retained day. */
    private static double translateGroups(Map<String, Object> settings, String topic, String link, List<TopicPartition> mirrors,
                                          Map<TopicPartition, History> histories) throws Exception {
        Random random = new Random(7);
        try (LinkStateStore store = LinkStateStore.open(settings, topic, (short) -1, link + "-translate", partition -> true)) {
            Map<TopicPartition, PartitionOffsetMap> maps = new HashMap<>();
            mirrors.forEach(mirror -> maps.put(mirror, store.offsetMap(mirror)));
            int groups = 2_000;
            long translated = 0;
            long started = System.nanoTime();
            for (int g = 0; g < groups; g++) {
                for (TopicPartition mirror : mirrors) {
                    History history = histories.get(mirror);
                    long from = history.sourceDayStarts.get(6);
                    translated += maps.get(mirror).destinationOffset(from + (long) (random.nextDouble() * (history.source - from)));
                }
            }
            double micros = (System.nanoTime() - started) / 1e3 / groups;
            Progress.say("I: translated %,d group positions (offset sum %,d)", groups * mirrors.size(), translated);
            return micros;
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** What compaction leaves of the state topic (the latest value of each key that is not deleted), and its log. */
    private record LiveState(long liveRecords, long liveBytes, long logBytes) {

        static LiveState read(String bootstrap, String topic) {
            Map<String, Integer> latest = new HashMap<>();
            long logBytes = 0;
            for (List<ConsumerRecord<byte[], byte[]>> records : TopicReader.readAll(bootstrap, topic).values()) {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    int size = record.key().length + (record.value() == null ? 0 : record.value().length);
                    logBytes += size;
                    String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, size);
                    }
                }
            }
            return new LiveState(latest.size(), latest.values().stream().mapToLong(Integer::longValue).sum(), logBytes);
        }

        List<String> row(String when, long points) {
            return List.of(when, Stats.number(liveRecords), Stats.number(liveBytes), Stats.decimal(liveBytes / (double) points),
                    Stats.number(logBytes));
        }
    }
}
