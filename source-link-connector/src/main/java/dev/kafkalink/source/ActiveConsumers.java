package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ConsumerGroupListings;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer groups with members that read a topic: a restore replaces the topic under them, so it
 * waits until they are gone. A group counts when a member is assigned a partition of the topic, or when
 * it has members and committed offsets on the topic (a member that joined but got no partition yet).
 */
final class ActiveConsumers {

    private ActiveConsumers() {
    }

    static List<String> of(Admin admin, String topic) throws ExecutionException, InterruptedException {
        List<String> withMembers = new ArrayList<>();
        ConsumerGroupListings.states(admin).forEach((group, state) -> {
            if (!ConsumerGroupListings.isIdle(state)) {
                withMembers.add(group);
            }
        });
        if (withMembers.isEmpty()) {
            return List.of();
        }
        TreeSet<String> reading = new TreeSet<>();
        Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(withMembers).all().get();
        for (ConsumerGroupDescription group : described.values()) {
            for (MemberDescription member : group.members()) {
                if (member.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(topic))) {
                    reading.add(group.groupId());
                }
            }
        }
        for (String group : withMembers) {
            ConsumerGroupDescription description = described.get(group);
            if (!reading.contains(group) && description != null && !description.members().isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                if (offsets.keySet().stream().anyMatch(p -> p.topic().equals(topic))) {
                    reading.add(group);
                }
            }
        }
        return List.copyOf(reading);
    }
}
