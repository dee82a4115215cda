package dev.kafkalink.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Makes contenders, each with a run name of its own (its topics, link name and connector name). */
final class Contenders {

    /** The kinds of contender, in the order the report lists them. */
    enum Kind {
        KAFKA_LINK_MINIMAL("kafka-link-minimal"), KAFKA_LINK("kafka-link"), MM2_DEFAULTS("mm2-defaults"),
        MM2_TUNED("mm2-tuned"), PLAIN_LOOP("plain-loop");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final BenchClusters clusters;
    private int runs;

    Contenders(BenchClusters clusters) {
        this.clusters = clusters;
    }

    Contender create(Kind kind) {
        return create(kind, Map.of());
    }

    /** A contender; {@code linkSettings} are added to Kafka Link's example (ignored by the others). */
    Contender create(Kind kind, Map<String, String> linkSettings) {
        String run = String.format("r%02d", ++runs);
        return switch (kind) {
            case KAFKA_LINK -> KafkaLinkContender.tuned(clusters, run, linkSettings);
            case KAFKA_LINK_MINIMAL -> KafkaLinkContender.minimal(clusters, run);
            case MM2_DEFAULTS -> MirrorMakerContender.defaults(clusters, run);
            case MM2_TUNED -> MirrorMakerContender.tuned(clusters, run);
            case PLAIN_LOOP -> new PlainLoopContender(clusters, run);
        };
    }

    /**
     * True when {@code threadName} names {@code owner} (a connector, client or loop name) as a whole
     * word: "link-r1" is not "link-r10".
     */
    static boolean names(String threadName, String owner) {
        int at = threadName.indexOf(owner);
        while (at >= 0) {
            int end = at + owner.length();
            if (end == threadName.length() || !Character.isLetterOrDigit(threadName.charAt(end))) {
                return true;
            }
            at = threadName.indexOf(owner, at + 1);
        }
        return false;
    }

    /** The order of repetition {@code n}: each kind moves one place on, so none is always first. */
    static List<Kind> order(List<Kind> kinds, int repetition) {
        List<Kind> order = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            order.add(kinds.get((i + repetition) % kinds.size()));
        }
        return order;
    }
}
