package dev.kafkalink.source;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.TopicConfig;

/** The topic config names the Kafka client library declares (TopicConfig's *_CONFIG constants). */
final class KnownTopicConfigs {

    static final Set<String> NAMES = names();

    private KnownTopicConfigs() {
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
