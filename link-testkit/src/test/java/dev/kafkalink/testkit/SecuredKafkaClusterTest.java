package dev.kafkalink.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each security: the super user creates, writes and reads a topic; the other user is refused without an ACL. */
class SecuredKafkaClusterTest {

    @ParameterizedTest
    @EnumSource(SecuredKafkaCluster.Security.class)
    void theAdminMayDoAnythingAndTheUserOnlyWhatAclsAllow(SecuredKafkaCluster.Security security) throws Exception {
        try (SecuredKafkaCluster cluster = SecuredKafkaCluster.start(security, TestCertificates.create())) {
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<byte[], byte[]> producer = producer(cluster, SecuredKafkaCluster.ADMIN)) {
                producer.send(new ProducerRecord<>("t", "v".getBytes(StandardCharsets.UTF_8))).get();
            }
            assertEquals(1, TopicReader.count(TopicReader.readAll(cluster.clientSettings(SecuredKafkaCluster.ADMIN), "t")));
            try (KafkaProducer<byte[], byte[]> producer = producer(cluster, SecuredKafkaCluster.USER)) {
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> producer.send(new ProducerRecord<>("t", "v".getBytes(StandardCharsets.UTF_8))).get());
                assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(SecuredKafkaCluster cluster, String user) {
        Map<String, Object> settings = new java.util.HashMap<>(cluster.clientSettings(user));
        settings.put("max.block.ms", 30_000);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
