package dev.kafkalink.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class KafkaFaultProxyTest {

    @Test
    void readsTheClientIdOfARequestHeaderAndNothingFromAFrameTooShortOrWithoutOne() {
        byte[] id = "kafka-link-dc1-source-admin".getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(10 + id.length + 3);
        header.putShort((short) 3).putShort((short) 12).putInt(42).putShort((short) id.length).put(id).put(new byte[3]);
        assertEquals("kafka-link-dc1-source-admin", KafkaFaultProxy.clientId(header.array()));

        ByteBuffer anonymous = ByteBuffer.allocate(12).putShort((short) 18).putShort((short) 3).putInt(1).putShort((short) -1);
        assertEquals("", KafkaFaultProxy.clientId(anonymous.array()));
        assertEquals("", KafkaFaultProxy.clientId(new byte[6]));
    }
}
