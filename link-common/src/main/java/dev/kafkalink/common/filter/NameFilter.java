package dev.kafkalink.common.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Cluster Linking's name filters, for topics or groups:
 * {@code {"topicFilters":[{"name":"orders-","patternType":"PREFIXED","filterType":"INCLUDE"}]}}.
 *
 * <p>A name matches when at least one INCLUDE rule matches it and no EXCLUDE rule does. The literal
 * name {@code *} matches every name. No rule means nothing matches.
 */
public final class NameFilter {

    enum PatternType { LITERAL, PREFIXED }

    enum FilterType { INCLUDE, EXCLUDE }

    record Rule(String name, PatternType patternType, FilterType filterType) {
        boolean matches(String candidate) {
            return switch (patternType) {
                case LITERAL -> name.equals("*") || name.equals(candidate);
                case PREFIXED -> candidate.startsWith(name);
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Rule> rules;

    private NameFilter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static NameFilter none() {
        return new NameFilter(List.of());
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public boolean matches(String name) {
        boolean included = false;
        for (Rule rule : rules) {
            if (rule.matches(name)) {
                if (rule.filterType == FilterType.EXCLUDE) {
                    return false;
                }
                included = true;
            }
        }
        return included;
    }

    /**
     * Parses {@code json}, whose rules are in the array {@code arrayField} (for example
     * {@code topicFilters}). Blank text is no filter.
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    public static NameFilter parse(String json, String arrayField) {
        if (json == null || json.isBlank()) {
            return none();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode array = root == null ? null : root.get(arrayField);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("Expected an object with an array \"" + arrayField + "\", for example "
                    + example(arrayField));
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode node : array) {
            rules.add(rule(node, rules.size()));
        }
        return new NameFilter(rules);
    }

    private static Rule rule(JsonNode node, int index) {
        String where = "filter #" + (index + 1);
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            throw new IllegalArgumentException(where + " needs a non-empty \"name\"");
        }
        PatternType pattern = enumField(node, "patternType", PatternType.class, PatternType.LITERAL, where);
        FilterType filter = enumField(node, "filterType", FilterType.class, FilterType.INCLUDE, where);
        return new Rule(name.asText(), pattern, filter);
    }

    private static <E extends Enum<E>> E enumField(JsonNode node, String field, Class<E> type, E absent, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        try {
            return Enum.valueOf(type, value.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " has " + field + " \"" + value.asText()
                    + "\"; allowed: " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String example(String arrayField) {
        return "{\"" + arrayField + "\":[{\"name\":\"*\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}";
    }

    /** A ConfigDef validator for a key holding filters in {@code arrayField}. */
    public static ConfigDef.Validator validator(String arrayField) {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            try {
                parse((String) value, arrayField);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, value, e.getMessage());
            }
        }, () -> "JSON like " + example(arrayField));
    }
}
