package dev.kafkalink.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * A config of {@link ConfluentRegistryStandIn} as Confluent keeps it (its {@code Config} entity): {@code compatibilityLevel},
 * {@code alias}, {@code normalize}, {@code validateFields}, {@code validateRules}, {@code compatibilityGroup} and the data
 * contract defaults and overrides {@code defaultMetadata}, {@code overrideMetadata}, {@code defaultRuleSet},
 * {@code overrideRuleSet}. A PUT names the level {@code compatibility}; absent fields keep their value and JSON nulls clear
 * them ({@code ConfigValue.update}). Outside IMPORT mode a registration's metadata and rule set are its own or, when it has
 * none, the previous live version's, merged between the config's default and override ({@code maybeSetMetadataRuleSet}).
 */
final class RegistryConfigs {

    static final String LEVEL = "compatibilityLevel";
    static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();

    private static final String REQUESTED_LEVEL = "compatibility";
    private static final Set<String> COMPATIBILITY_LEVELS = Set.of("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE");
    private static final List<String> PLAIN_FIELDS = List.of("alias", "normalize", "validateFields", "validateRules",
            "compatibilityGroup");
    private static final List<String> METADATA_FIELDS = List.of("defaultMetadata", "overrideMetadata");
    private static final List<String> RULE_SET_FIELDS = List.of("defaultRuleSet", "overrideRuleSet");

    private RegistryConfigs() {
    }

    /** {@code current} after a PUT of {@code request}. */
    static ObjectNode updated(ObjectNode current, JsonNode request) {
        ObjectNode updated = current.deepCopy();
        if (request.has(REQUESTED_LEVEL)) {
            JsonNode level = request.get(REQUESTED_LEVEL);
            if (level.isNull()) {
                updated.remove(LEVEL);
            } else {
                updated.put(LEVEL, level(level.asText()));
            }
        }
        PLAIN_FIELDS.forEach(field -> update(updated, request, field, value -> value));
        METADATA_FIELDS.forEach(field -> update(updated, request, field, RegistryDataContracts::metadata));
        RULE_SET_FIELDS.forEach(field -> update(updated, request, field, RegistryDataContracts::ruleSet));
        return updated;
    }

    /** What a PUT answers: the config with its level named as in the request. */
    static ObjectNode answer(ObjectNode config) {
        ObjectNode answer = config.deepCopy();
        JsonNode level = answer.remove(LEVEL);
        if (level != null) {
            answer.set(REQUESTED_LEVEL, level);
        }
        return answer;
    }

    /** The metadata (index 0) and rule set (index 1) a registration outside IMPORT mode stores. */
    static JsonNode[] populate(ObjectNode configInScope, JsonNode metadata, JsonNode ruleSet, RegistryStore.Schema previous) {
        JsonNode specificMetadata = metadata != null ? metadata : previous == null ? null : previous.metadata();
        JsonNode specificRuleSet = ruleSet != null ? ruleSet : previous == null ? null : previous.ruleSet();
        return new JsonNode[] {
            mergeMetadata(mergeMetadata(configInScope.get("defaultMetadata"), specificMetadata), configInScope.get("overrideMetadata")),
            mergeRuleSets(mergeRuleSets(configInScope.get("defaultRuleSet"), specificRuleSet), configInScope.get("overrideRuleSet"))};
    }

    private interface Canonical {
        JsonNode of(JsonNode requested);
    }

    private static void update(ObjectNode config, JsonNode request, String field, Canonical canonical) {
        if (!request.has(field)) {
            return;
        }
        JsonNode value = request.get(field).isNull() ? null : canonical.of(request.get(field));
        if (value == null) {
            config.remove(field);
        } else {
            config.set(field, value);
        }
    }

    private static String level(String requested) {
        String level = requested.toUpperCase(Locale.ROOT);
        if (!COMPATIBILITY_LEVELS.contains(level)) {
            throw new Failure(42203, "Invalid compatibility level. Valid values are none, backward, forward, full, "
                    + "backward_transitive, forward_transitive, and full_transitive");
        }
        return level;
    }

    /** Confluent's {@code Metadata.mergeMetadata}: tags and properties by key, the newer winning; sensitive as a union. */
    private static JsonNode mergeMetadata(JsonNode older, JsonNode newer) {
        if (older == null || newer == null) {
            return older == null ? newer : older;
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("tags", "properties")) {
            Map<String, JsonNode> map = new TreeMap<>();
            older.path(field).fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue()));
            newer.path(field).fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue()));
            if (!map.isEmpty()) {
                merged.putObject(field).setAll(map);
            }
        }
        Set<String> sensitive = new TreeSet<>();
        older.path("sensitive").forEach(key -> sensitive.add(key.asText()));
        newer.path("sensitive").forEach(key -> sensitive.add(key.asText()));
        if (!sensitive.isEmpty()) {
            ArrayNode keys = merged.putArray("sensitive");
            sensitive.forEach(keys::add);
        }
        return merged;
    }

    /** Confluent's {@code RuleSet.mergeRuleSets}: per list, older rules not named by a newer one, then the newer rules. */
    private static JsonNode mergeRuleSets(JsonNode older, JsonNode newer) {
        if (older == null || newer == null) {
            return older == null ? newer : older;
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("migrationRules", "domainRules")) {
            Set<String> newerNames = new TreeSet<>();
            newer.path(field).forEach(rule -> newerNames.add(rule.path("name").asText()));
            List<JsonNode> rules = new ArrayList<>();
            older.path(field).forEach(rule -> {
                if (!newerNames.contains(rule.path("name").asText())) {
                    rules.add(rule);
                }
            });
            newer.path(field).forEach(rules::add);
            if (!rules.isEmpty()) {
                merged.putArray(field).addAll(rules);
            }
        }
        return merged;
    }
}
