package dev.kafkalink.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes test data in transactions, as an exactly-once application does. On a loaded machine the
 * transaction coordinator (transaction.version 2) sometimes refuses a retried EndTxn of a transaction it
 * already completed ("state is COMPLETE_COMMIT, but received ... COMMIT") and the producer fails fatally:
 * the transaction ended as asked, so a new producer goes on with the next one.
 */
public final class TransactionalWrites {

    private static final Logger log = LoggerFactory.getLogger(TransactionalWrites.class);

    private TransactionalWrites() {
    }

    /**
     * Runs {@code transactions} transactions; {@code send} writes transaction t's records, and
     * {@code abort} says which ones are aborted instead of committed.
     */
    public static void run(EmbeddedKafkaCluster cluster, String transactionalId, int transactions,
                           BiConsumer<KafkaProducer<byte[], byte[]>, Integer> send, IntPredicate abort) {
        KafkaProducer<byte[], byte[]> producer = open(cluster, transactionalId);
        try {
            for (int t = 0; t < transactions; t++) {
                producer.beginTransaction();
                send.accept(producer, t);
                try {
                    if (abort.test(t)) {
                        producer.abortTransaction();
                    } else {
                        producer.commitTransaction();
                    }
                } catch (InvalidTxnStateException e) {
                    log.warn("Transaction {} of {}: the coordinator refused a retried end ({}); going on with a new producer",
                            t, transactionalId, e.getMessage());
                    producer.close(Duration.ZERO);
                    producer = open(cluster, transactionalId);
                }
            }
        } finally {
            producer.close();
        }
    }

    private static KafkaProducer<byte[], byte[]> open(EmbeddedKafkaCluster cluster, String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of(
                "transactional.id", transactionalId, "enable.idempotence", "true"));
        producer.initTransactions();
        return producer;
    }
}
