package dev.kafkalink.schemas.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A subject's (or the global) config as a registry answers {@code GET /config}: the compatibility level and, on Confluent
 * 7.4+, {@code alias}, {@code normalize}, {@code validateFields}, {@code compatibilityGroup} and the data contract defaults
 * and overrides ({@code defaultMetadata}, {@code overrideMetadata}, {@code defaultRuleSet}, {@code overrideRuleSet}), which
 * producers registering on the destination after a failover need as they were on the source.
 *
 * <p>Kept as JSON and never interpreted, like {@link DataContract}, and compared without empty values. The level is held as
 * {@code compatibilityLevel} (Confluent's answer) whatever the registry called it, and written as {@code compatibility}
 * (Confluent's request), the only field a registry without configs beyond levels (Karapace, Apicurio) is then sent.
 */
public record SubjectConfig(JsonNode fields) {

    private static final String LEVEL = "compatibilityLevel";
    private static final String REQUESTED_LEVEL = "compatibility";
    private static final String ALIAS = "alias";

    public SubjectConfig {
        JsonNode normalized = DataContract.withoutEmpty(fields);
        fields = normalized == null ? JsonNodeFactory.instance.objectNode() : normalized;
    }

    /** The config in a registry's answer; empty when it holds nothing. */
    static Optional<SubjectConfig> of(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            return Optional.empty();
        }
        ObjectNode fields = ((ObjectNode) answer).deepCopy();
        JsonNode level = fields.remove(REQUESTED_LEVEL);
        if (level != null && !fields.hasNonNull(LEVEL)) {
            fields.set(LEVEL, level);
        }
        SubjectConfig config = new SubjectConfig(fields);
        return config.fields.isEmpty() ? Optional.empty() : Optional.of(config);
    }

    public Optional<String> level() {
        return Optional.ofNullable(fields.get(LEVEL)).map(JsonNode::asText);
    }

    /**
     * This config with its {@code alias} (the subject it stands for, resolved in its own context like a reference)
     * renamed the way the export names subjects.
     */
    public SubjectConfig withAlias(UnaryOperator<String> rename) {
        JsonNode alias = fields.get(ALIAS);
        if (alias == null) {
            return this;
        }
        ObjectNode renamed = ((ObjectNode) fields).deepCopy();
        renamed.put(ALIAS, rename.apply(alias.asText()));
        return new SubjectConfig(renamed);
    }

    /** This config with its compatibility level only, for a registry that refuses the other fields; empty without a level. */
    public Optional<SubjectConfig> levelOnly() {
        return level().map(level -> new SubjectConfig(JsonNodeFactory.instance.objectNode().put(LEVEL, level)));
    }

    /**
     * The PUT body that turns {@code current} into this config: its fields, the level named as in requests, and a null
     * for each field {@code current} has and this one has not (Confluent keeps the fields a PUT leaves out).
     */
    ObjectNode updateOf(Optional<SubjectConfig> current) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        current.ifPresent(config -> config.fields.fieldNames().forEachRemaining(field -> {
            if (!fields.has(field)) {
                body.putNull(LEVEL.equals(field) ? REQUESTED_LEVEL : field);
            }
        }));
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            body.set(LEVEL.equals(field.getKey()) ? REQUESTED_LEVEL : field.getKey(), field.getValue());
        }
        return body;
    }

    /** The fields of this config that {@code kept} lacks or holds otherwise, e.g. "defaultMetadata"; empty when none. */
    public List<String> lostIn(Optional<SubjectConfig> kept) {
        List<String> lost = new ArrayList<>();
        fields.fields().forEachRemaining(field -> {
            if (kept.isEmpty() || !field.getValue().equals(kept.get().fields.get(field.getKey()))) {
                lost.add(field.getKey());
            }
        });
        return lost;
    }
}
