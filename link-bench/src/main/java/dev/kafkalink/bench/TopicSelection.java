package dev.kafkalink.bench;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.common.TopicPartition;

/** The source topics a workload copies: every topic named {@code prefix + n}, each with the same partition count. */
record TopicSelection(String prefix, int topics, int partitionsPerTopic) {

    List<String> topicNames() {
        return topics == 1 ? List.of(prefix) : IntStream.range(0, topics).mapToObj(n -> String.format("%s%03d", prefix, n)).toList();
    }

    List<TopicPartition> partitions() {
        return topicNames().stream().flatMap(topic -> BenchClusters.partitions(topic, partitionsPerTopic).stream()).toList();
    }

    /** The same partitions of the copies a contender makes. */
    List<TopicPartition> partitionsOf(Contender contender) {
        return partitions().stream()
                .map(partition -> new TopicPartition(contender.destinationTopic(partition.topic()), partition.partition())).toList();
    }

    /** A regular expression for MirrorMaker 2's {@code topics}. */
    String regex() {
        return java.util.regex.Pattern.quote(prefix) + ".*";
    }
}
