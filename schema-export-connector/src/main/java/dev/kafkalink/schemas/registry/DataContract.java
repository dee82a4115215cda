package dev.kafkalink.schemas.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Confluent Schema Registry 7.4+ keeps with a version beside its schema: {@code metadata}
 * ({@code properties}, {@code tags}, {@code sensitive}) and {@code ruleSet} ({@code domainRules},
 * {@code migrationRules}). They are part of the version's identity there: the same text registered with
 * other metadata gets a new id and a new version, so the export carries them as they are.
 *
 * <p>Kept as JSON, not parsed: the exporter copies them and never interprets them, and a registry may add
 * fields later. Compared as JSON trees with nulls, empty objects and arrays and {@code false} left out,
 * the values registries leave out of their answers.
 */
public record DataContract(JsonNode metadata, JsonNode ruleSet) {

    public static final DataContract NONE = new DataContract(null, null);

    public DataContract {
        metadata = withoutEmpty(metadata);
        ruleSet = withoutEmpty(ruleSet);
    }

    /** The data contract in a registry's JSON for a version or a schema (absent fields: none). */
    static DataContract of(JsonNode node) {
        return new DataContract(node.get("metadata"), node.get("ruleSet"));
    }

    public boolean isEmpty() {
        return metadata == null && ruleSet == null;
    }

    /** Adds {@code metadata} and {@code ruleSet} to a registration or lookup body, when there are any. */
    void writeTo(ObjectNode body) {
        if (metadata != null) {
            body.set("metadata", metadata);
        }
        if (ruleSet != null) {
            body.set("ruleSet", ruleSet);
        }
    }

    /** What of this contract {@code kept} does not hold, e.g. "metadata.properties, ruleSet.domainRules"; empty when nothing. */
    public List<String> lostIn(DataContract kept) {
        List<String> lost = new ArrayList<>();
        lostFields("metadata", metadata, kept.metadata, lost);
        lostFields("ruleSet", ruleSet, kept.ruleSet, lost);
        return lost;
    }

    private static void lostFields(String name, JsonNode wanted, JsonNode kept, List<String> lost) {
        if (wanted == null || wanted.equals(kept)) {
            return;
        }
        if (!wanted.isObject()) {
            lost.add(name);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (kept == null || !field.getValue().equals(kept.get(field.getKey()))) {
                lost.add(name + "." + field.getKey());
            }
        }
    }

    /** A copy without nulls, empty objects or arrays and false; null when nothing is left. */
    static JsonNode withoutEmpty(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || (node.isBoolean() && !node.booleanValue())) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(field -> {
                JsonNode value = withoutEmpty(field.getValue());
                if (value != null) {
                    copy.set(field.getKey(), value);
                }
            });
            return copy.isEmpty() ? null : copy;
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return null;
            }
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(element.isObject() ? orEmpty(withoutEmpty(element), copy) : element));
            return copy;
        }
        return node;
    }

    /** Array elements keep their places (rule order matters): an element that empties out stays as {}. */
    private static JsonNode orEmpty(JsonNode node, ArrayNode array) {
        return node != null ? node : array.objectNode();
    }
}
