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

    /**
     * A record on its way to the mirror, with what the task predicted for it. Connect hands this same
     * object back to {@code commitRecord}, so the prediction travels without a per-record map.
     */
    static final class MirrorRecord extends SourceRecord {
        final PartitionProgress partition;
        final long sourceOffset;
        final long expectedDestinationOffset;

        private MirrorRecord(ConsumerRecord<byte[], byte[]> record, PartitionProgress partition,
                             long expectedDestinationOffset, ConnectHeaders headers) {
            super(partition.sourcePartitionKey, Map.of(SOURCE_OFFSET, record.offset()),
                    partition.mirror.topic(), partition.mirror.partition(),
                    Schema.OPTIONAL_BYTES_SCHEMA, record.key(), Schema.OPTIONAL_BYTES_SCHEMA, record.value(),
                    record.timestamp() < 0 ? null : record.timestamp(), headers);
            this.partition = partition;
            this.sourceOffset = record.offset();
            this.expectedDestinationOffset = expectedDestinationOffset;
        }
    }

    private MirrorRecords() {
    }

    static MirrorRecord toMirror(ConsumerRecord<byte[], byte[]> record, PartitionProgress partition,
                                 long expectedDestinationOffset) {
        ConnectHeaders headers = new ConnectHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, header.value()));
        }
        return new MirrorRecord(record, partition, expectedDestinationOffset, headers);
    }
}
