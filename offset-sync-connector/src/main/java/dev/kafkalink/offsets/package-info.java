/** Consumer group offsets carried over exactly: {@code OffsetSyncConnector} (issue 3, not built yet). */
package dev.kafkalink.offsets;
