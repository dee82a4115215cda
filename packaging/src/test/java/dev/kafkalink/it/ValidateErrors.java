package dev.kafkalink.it;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** What Connect's REST validate endpoint says about a configuration: the errors by key. */
final class ValidateErrors {

    private ValidateErrors() {
    }

    /** {@code PUT /connector-plugins/<connector>/config/validate}: key -> its errors, keys without errors left out. */
    static Map<String, List<String>> of(EmbeddedConnectCluster connect, String connector, Map<String, String> config) {
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigInfo info : connect.validateConnectorConfig(connector, config).configs()) {
            if (!info.configValue().errors().isEmpty()) {
                errors.merge(info.configValue().name(), info.configValue().errors(),
                        (first, second) -> Stream.concat(first.stream(), second.stream()).toList());
            }
        }
        return errors;
    }
}
