package dev.kafkalink.common.clients;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.common.ConsumerGroupState;

/**
 * The consumer groups of a cluster and their states, through the one listing call that every
 * supported worker's Kafka clients have ({@code listConsumerGroups}, 3.7 to 4.4). Its successor
 * ({@code listGroups}, {@code GroupState}, {@code GroupType}) exists only from 4.0/4.1 on, and the
 * plugin is linked against the worker's clients. The listing holds classic and consumer-protocol
 * groups, no share or Connect groups.
 */
public final class ConsumerGroupListings {

    /** States of a group nobody consumes with, whose offsets may be written (as ConsumerGroupState and GroupState name them). */
    private static final Set<String> IDLE = Set.of("Empty", "Dead");

    private ConsumerGroupListings() {
    }

    /** Group id -> state as the broker names it ("Stable", "Empty" ...; "Unknown" when it did not say). */
    @SuppressWarnings({"deprecation", "removal"}) // deprecated from 4.1 on, still in 4.4; the replacement is missing before 4.0
    public static Map<String, String> states(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, String> states = new HashMap<>();
        for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get()) {
            states.put(listing.groupId(), listing.state().map(ConsumerGroupState::toString).orElse("Unknown"));
        }
        return states;
    }

    public static boolean isIdle(String state) {
        return IDLE.contains(state);
    }
}
