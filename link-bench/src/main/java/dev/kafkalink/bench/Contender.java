package dev.kafkalink.bench;

/**
 * One way of copying topics from the source cluster to the destination: Kafka Link, MirrorMaker 2 or
 * a plain loop. An instance copies once: {@link #start} begins copying every source topic whose name
 * starts with the selection's prefix into {@link #destinationTopic}, {@link #stop} ends it and removes
 * what it wrote, so that the next run meets the same brokers.
 */
interface Contender {

    String name();

    /** The settings that make this contender what it is, for the report. */
    String settings();

    void start(TopicSelection selection) throws Exception;

    /** This copy's name: every topic it writes on the destination starts with it and a dot. */
    String run();

    default String destinationTopic(String sourceTopic) {
        return run() + "." + sourceTopic;
    }

    /** True for a thread of this copy (its task, clients or loop): whose CPU time is the copier's own. */
    boolean ownsThread(String threadName);

    void stop() throws Exception;
}
