package dev.kafkalink.testkit;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kafkalink.testkit.RegistryStore.Failure;

/**
 * The {@code metadata} and {@code ruleSet} of a registration (Confluent Schema Registry 7.4+ data contracts) in the
 * form Confluent stores and answers them, after its {@code Metadata}, {@code RuleSet} and {@code Rule} entities:
 * {@code metadata} is {@code {"tags": {path: [tag...]}, "properties": {key: value}, "sensitive": [key...]}} with
 * sorted keys and sets; {@code ruleSet} is {@code {"migrationRules": [rule...], "domainRules": [rule...]}} in the
 * order given, a rule being {@code name, doc, kind (CONDITION|TRANSFORM, default TRANSFORM), mode (default
 * WRITEREAD), type, tags, params, expr, onSuccess, onFailure, disabled}. Empty fields are left out of answers, as
 * Confluent's {@code @JsonInclude(NON_EMPTY)} does; unknown fields are dropped. A rule without a name or type, or with
 * a mode that does not fit its list, is refused with 42201 (the stand-in's choice of code).
 */
final class RegistryDataContracts {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> KINDS = Set.of("CONDITION", "TRANSFORM");
    private static final Set<String> DOMAIN_MODES = Set.of("WRITE", "READ", "WRITEREAD");
    private static final Set<String> MIGRATION_MODES = Set.of("UPGRADE", "DOWNGRADE", "UPDOWN");

    private RegistryDataContracts() {
    }

    /** The request's metadata as Confluent keeps it, or null when it has none. */
    static JsonNode metadata(JsonNode requested) {
        if (requested == null || !requested.isObject()) {
            return null;
        }
        ObjectNode metadata = NODES.objectNode();
        ObjectNode tags = NODES.objectNode();
        new TreeMap<>(fields(requested.path("tags"))).forEach((path, values) -> {
            if (!values.isEmpty()) {
                tags.set(path, sortedSet(values));
            }
        });
        putIfNotEmpty(metadata, "tags", tags);
        ObjectNode properties = NODES.objectNode();
        new TreeMap<>(fields(requested.path("properties"))).forEach((key, value) -> properties.put(key, value.asText()));
        putIfNotEmpty(metadata, "properties", properties);
        putIfNotEmpty(metadata, "sensitive", sortedSet(requested.path("sensitive")));
        return metadata.isEmpty() ? null : metadata;
    }

    /** The request's rule set as Confluent keeps it, or null when it has no rules. */
    static JsonNode ruleSet(JsonNode requested) {
        if (requested == null || !requested.isObject()) {
            return null;
        }
        ObjectNode ruleSet = NODES.objectNode();
        putIfNotEmpty(ruleSet, "migrationRules", rules(requested.path("migrationRules"), MIGRATION_MODES));
        putIfNotEmpty(ruleSet, "domainRules", rules(requested.path("domainRules"), DOMAIN_MODES));
        return ruleSet.isEmpty() ? null : ruleSet;
    }

    private static ArrayNode rules(JsonNode requested, Set<String> modes) {
        ArrayNode rules = NODES.arrayNode();
        Set<String> names = new TreeSet<>();
        for (JsonNode rule : requested) {
            rules.add(rule(rule, modes, names));
        }
        return rules;
    }

    private static ObjectNode rule(JsonNode requested, Set<String> modes, Set<String> names) {
        String name = text(requested, "name");
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new Failure(42201, "Invalid rule set: illegal or missing rule name '" + name + "'");
        }
        if (!names.add(name)) {
            throw new Failure(42201, "Invalid rule set: found rule with duplicate name '" + name + "'");
        }
        String type = text(requested, "type");
        if (type == null) {
            throw new Failure(42201, "Invalid rule set: missing rule type of rule " + name);
        }
        String kind = upper(text(requested, "kind"), "TRANSFORM");
        String mode = upper(text(requested, "mode"), "WRITEREAD");
        if (!KINDS.contains(kind) || !modes.contains(mode)) {
            throw new Failure(42201, "Invalid rule set: rule " + name + " has kind " + kind + " and mode " + mode
                    + "; allowed here: kinds " + KINDS + ", modes " + modes);
        }
        ObjectNode rule = NODES.objectNode();
        rule.put("name", name);
        putIfNotNull(rule, "doc", text(requested, "doc"));
        rule.put("kind", kind);
        rule.put("mode", mode);
        rule.put("type", type);
        putIfNotEmpty(rule, "tags", sortedSet(requested.path("tags")));
        ObjectNode params = NODES.objectNode();
        new TreeMap<>(fields(requested.path("params"))).forEach((key, value) -> params.put(key, value.asText()));
        putIfNotEmpty(rule, "params", params);
        putIfNotNull(rule, "expr", text(requested, "expr"));
        putIfNotNull(rule, "onSuccess", text(requested, "onSuccess"));
        putIfNotNull(rule, "onFailure", text(requested, "onFailure"));
        rule.put("disabled", requested.path("disabled").asBoolean(false));
        return rule;
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            fields.put(field.getKey(), field.getValue());
        }
        return fields;
    }

    private static ArrayNode sortedSet(JsonNode values) {
        ArrayNode sorted = NODES.arrayNode();
        Set<String> set = new TreeSet<>();
        values.forEach(value -> set.add(value.asText()));
        set.forEach(sorted::add);
        return sorted;
    }

    private static void putIfNotEmpty(ObjectNode node, String field, JsonNode value) {
        if (!value.isEmpty()) {
            node.set(field, value);
        }
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String upper(String value, String fallback) {
        return value == null ? fallback : value.toUpperCase(java.util.Locale.ROOT);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
