package dev.kafkalink.common.clients;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Waits until new partitions answer {@code listOffsets}. Producing into a partition whose leader is
 * not settled yet can lose an idempotent batch (OUT_OF_ORDER_SEQUENCE_NUMBER after a
 * NOT_LEADER_OR_FOLLOWER retry, KAFKA-15591), so the link never produces before this returns.
 */
public final class TopicReadiness {

    private TopicReadiness() {
    }

    public static void awaitListOffsets(Admin admin, Collection<TopicPartition> partitions, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        long pauseMs = 50;
        while (true) {
            try {
                admin.listOffsets(request).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new TimeoutException("Partitions " + partitions + " did not become ready within "
                            + timeout.toMillis() + " ms", e.getCause());
                }
            }
            Thread.sleep(pauseMs); // a short backoff between metadata retries; no scheduler to hand this to
            pauseMs = Math.min(pauseMs * 2, 1000);
        }
    }
}
