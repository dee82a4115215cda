package dev.kafkalink.source;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a source record into the record Connect writes to the mirror, byte for byte: same partition,
 * key and value (null stays null), headers in order with repeats and null values, and the source
 * timestamp. ByteArrayConverter passes the bytes through unchanged.
 */
final class MirrorRecords {

    static final String SOURCE_OFFSET = "offset";
    static final String EXPECTED_DESTINATION_OFFSET = "destination.offset";

    private MirrorRecords() {
    }

    static SourceRecord toMirror(ConsumerRecord<byte[], byte[]> record, PartitionProgress partition,
                                 long expectedDestinationOffset) {
        ConnectHeaders headers = new ConnectHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, header.value()));
        }
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        return new SourceRecord(partition.sourcePartitionKey,
                Map.of(SOURCE_OFFSET, record.offset(), EXPECTED_DESTINATION_OFFSET, expectedDestinationOffset),
                partition.mirror.topic(), partition.mirror.partition(),
                Schema.OPTIONAL_BYTES_SCHEMA, record.key(), Schema.OPTIONAL_BYTES_SCHEMA, record.value(),
                timestamp, headers);
    }

    static long sourceOffset(SourceRecord record) {
        return ((Number) record.sourceOffset().get(SOURCE_OFFSET)).longValue();
    }

    static long expectedDestinationOffset(SourceRecord record) {
        return ((Number) record.sourceOffset().get(EXPECTED_DESTINATION_OFFSET)).longValue();
    }
}
