package dev.kafkalink.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.ConnectWorkerProcess;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

/**
 * The soak run of issue 20: a link with its companions (the minimal source link and the offset sync of
 * config-examples/, on two Connect workers) copies a topic that an application writes to steadily, for
 * as long as asked, while brokers of both clusters, a task and a worker are restarted in turn. A
 * verifier compares every record as it arrives; every 10 s a sample records its counts, the lag, the
 * latency, the heap and the state topic's size. The verdict is the number of differences: zero.
 *
 * <pre>mvn -B -DskipTests -Psoak verify -pl link-bench -am -Dsoak.minutes=60</pre>
 */
public final class Soak {

    static final String TOPIC = "soak-events";
    static final int PARTITIONS = 6;
    static final String READERS = "soak-readers";
    private static final long SAMPLE_MILLIS = 10_000;
    /** Per partition: an hour at 3,000 records/s would otherwise fill /dev/shm; the verifier reads long before retention deletes. */
    private static final long RETAINED_BYTES = 64L << 20;
    private static final Duration DRAIN = Duration.ofMinutes(5);

    /** What the run was asked to do. */
    record Settings(int minutes, int perSecond, int faultEverySeconds, Path out) {
        static Settings parse(String... args) {
            Map<String, String> options = new HashMap<>();
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                options.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
            return new Settings(Integer.parseInt(options.getOrDefault("minutes", "60")),
                    Integer.parseInt(options.getOrDefault("rate", "3000")),
                    Integer.parseInt(options.getOrDefault("fault-every-seconds", "120")),
                    Path.of(options.getOrDefault("out", "target/soak")));
        }
    }

    /**
     * One sample: the verifier's totals, the lag, the p99 latency of the last 10 s in the mirror and in the
     * source (the application's own share), the heap (live: after a
     * full collection, once a minute, else -1), the state topic, the tasks.
     */
    record Sample(long seconds, long compared, long differences, long lag, long p99Ms, long sourceP99Ms, long heapUsed, long heapLive,
                  long stateBytes, String tasks) {
    }

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        SoakResult result = run(settings);
        Path report = SoakReport.write(settings, result);
        Progress.say("Report: %s; %,d records compared, %,d differences", report.toAbsolutePath(), result.last().compared(),
                result.differences());
        System.exit(result.differences() == 0 ? 0 : 1);
    }

    static SoakResult run(Settings settings) throws Exception {
        ShippedExample linkExample = ShippedExample.load("source-link-minimal.json");
        ShippedExample offsetsExample = ShippedExample.load("offset-sync.json");
        String linkName = linkExample.get("link.name");
        String stateTopic = "_kafka-link-" + linkName + "-state";
        try (LinkClusters clusters = LinkClusters.builder().threeBrokers()
                // A killed broker is fenced after this (Kafka's default is 9 s).
                .brokerProperty("broker.session.timeout.ms", "6000")
                // Small segments, so that the retention below (which the link copies to the mirror) bounds both clusters' logs.
                .brokerProperty("log.segment.bytes", String.valueOf(16 << 20)).build()) {
            clusters.start("kafka-link-soak");
            Topics.create(clusters.source(), TOPIC, PARTITIONS, Map.of("retention.bytes", String.valueOf(RETAINED_BYTES),
                    "segment.bytes", String.valueOf(16 << 20)));
            String source = clusters.source().bootstrapServers();
            String destination = clusters.destination().bootstrapServers();
            ConnectWorkerProcess secondWorker = ConnectWorkerProcess.start(clusters.workerProperties());
            Map<String, String> link = ShippedExample.with(linkExample.placed(source, destination, null, null),
                    Map.of("mirror.topics", TOPIC));
            clusters.connect().configureConnector("dc1-link", link);
            clusters.connect().configureConnector("dc1-offset-sync", offsetsExample.placed(source, destination, null, null));
            int tasks = Integer.parseInt(link.get("tasks.max"));
            List<Sample> samples = new ArrayList<>();
            LatencyHistogram latency = new LatencyHistogram();
            LatencyHistogram sourceLatency = new LatencyHistogram();
            long started = System.currentTimeMillis();
            Progress.say("Soak for %d minutes: %,d records/s into %d partitions, a fault every %d s", settings.minutes(),
                    settings.perSecond(), PARTITIONS, settings.faultEverySeconds());
            try (Admin destinationAdmin = clusters.destination().createAdminClient();
                 SoakVerifier verifier = new SoakVerifier(clusters.source(), TOPIC, clusters.destination(), TOPIC, PARTITIONS)) {
                Sampler sampler = new Sampler(clusters, destinationAdmin, stateTopic, verifier, latency, sourceLatency, samples,
                        started, tasks);
                SoakLoad load = new SoakLoad(clusters.source(), TOPIC, PARTITIONS, settings.perSecond());
                SoakReaders readers = new SoakReaders(source, TOPIC, READERS);
                SoakFaults faults = new SoakFaults(clusters, "dc1-link", tasks, secondWorker, started, settings.faultEverySeconds());
                long until = started + settings.minutes() * 60_000L;
                while (System.currentTimeMillis() < until) {
                    sampler.sleepUntilNext();
                    sampler.sample("", false);
                }
                Progress.say("Time is up: waiting for the fault under way, stopping the application, draining the mirror");
                faults.close();
                load.close();
                readers.close();
                Instant drainUntil = Instant.now().plus(DRAIN);
                long expected = load.acknowledged();
                while (Instant.now().isBefore(drainUntil)) {
                    sampler.sleepUntilNext();
                    Sample sample = sampler.sample(" (draining)", false);
                    if (sample.compared() >= expected && sample.lag() == 0) {
                        break;
                    }
                }
                boolean groupsEqual = groupsEqual(clusters);
                sampler.sample(" (the end)", true);
                SoakVerifier.Snapshot last = verifier.snapshot();
                return new SoakResult(settings, samples, faults.events(), latency, sourceLatency, load.acknowledged(), load.failed(),
                        verifier.notYetMirrored(), verifier.unmatchedInMirror(), last, groupsEqual, started,
                        System.currentTimeMillis(), MachineInfo.describe());
            }
        }
    }

    /** True once the readers' offsets on the destination equal the source's (the offset sync runs every 10 s). */
    private static boolean groupsEqual(LinkClusters clusters) {
        try {
            Waits.waitFor(() -> SoakReaders.committed(clusters.source(), READERS).equals(SoakReaders.committed(clusters.destination(),
                    READERS)), Duration.ofSeconds(90), () -> "");
            return true;
        } catch (AssertionError | Exception e) {
            Progress.say("The readers' offsets differ: source %s, destination %s", SoakReaders.committed(clusters.source(), READERS),
                    SoakReaders.committed(clusters.destination(), READERS));
            return false;
        }
    }

    /** Takes a {@link Sample} every 10 s and prints it as a progress line. */
    private static final class Sampler {
        private final LinkClusters clusters;
        private final Admin destinationAdmin;
        private final String stateTopic;
        private final SoakVerifier verifier;
        private final LatencyHistogram latency;
        private final LatencyHistogram sourceLatency;
        private final List<Sample> samples;
        private final long started;
        private final int tasks;
        private long next;

        Sampler(LinkClusters clusters, Admin destinationAdmin, String stateTopic, SoakVerifier verifier, LatencyHistogram latency,
                LatencyHistogram sourceLatency, List<Sample> samples, long started, int tasks) {
            this.clusters = clusters;
            this.destinationAdmin = destinationAdmin;
            this.stateTopic = stateTopic;
            this.verifier = verifier;
            this.latency = latency;
            this.sourceLatency = sourceLatency;
            this.samples = samples;
            this.started = started;
            this.tasks = tasks;
            this.next = started;
        }

        void sleepUntilNext() throws InterruptedException {
            next += SAMPLE_MILLIS;
            Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
        }

        /** Takes a sample; the live heap with the first sample of every minute, or when {@code collect}. */
        Sample sample(String note, boolean collect) {
            verifier.check();
            SoakVerifier.Snapshot now = verifier.snapshot();
            latency.addAll(now.latenciesMs());
            sourceLatency.addAll(now.sourceLatenciesMs());
            long p99 = p99(now.latenciesMs());
            long sourceP99 = p99(now.sourceLatenciesMs());
            Sample sample = new Sample((System.currentTimeMillis() - started) / 1000, now.compared(), now.differences(), now.lag(),
                    p99, sourceP99, SoakGauges.heapUsedBytes(), collect || samples.size() % 6 == 0 ? SoakGauges.liveHeapBytes() : -1,
                    SoakGauges.topicBytes(destinationAdmin, stateTopic),
                    running("dc1-link") + " " + running("dc1-offset-sync"));
            samples.add(sample);
            Progress.say("%5d s: %,d compared, %d differences (%d duplicated, %d missing, %d mismatched), lag %,d, p99 %,d ms (source %,d ms), "
                            + "heap %,d MiB%s, state %,.1f KiB, tasks running %s%s",
                    sample.seconds(), now.compared(), now.differences(), now.duplicates(), now.missing(), now.mismatched(), now.lag(),
                    p99, sourceP99, sample.heapUsed() >> 20,
                    sample.heapLive() < 0 ? "" : String.format(" (live %,d MiB)", sample.heapLive() >> 20), sample.stateBytes() / 1024.0,
                    sample.tasks(), note);
            now.firstDifferences().stream().limit(3).forEach(difference -> Progress.say("  difference: %s", difference));
            return sample;
        }

        private static long p99(long[] latencies) {
            return latencies.length == 0 ? -1 : Stats.percentile(latencies, 99);
        }

        /** {@code running/expected} tasks of a connector, or {@code ?} while the REST API does not answer. */
        private String running(String connector) {
            try {
                ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
                long running = status.tasks().stream().filter(task -> "RUNNING".equals(task.state())).count();
                int expected = connector.equals("dc1-link") ? tasks : 1;
                return running + "/" + expected;
            } catch (Exception e) {
                return "?";
            }
        }
    }
}
