/** Schema Registry subjects exported with their ids: {@code SchemaExportConnector} (issue 5, not built yet). */
package dev.kafkalink.schemas;
