package dev.kafkalink.acls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Cluster Linking's ACL filters:
 * <pre>
 * {"aclFilters":[{"resourceFilter":{"resourceType":"topic","name":"orders-","patternType":"prefixed"},
 *                 "accessFilter":{"principal":"User:app","host":"*","operation":"any","permissionType":"any"}}]}
 * </pre>
 * A binding is synced when any filter matches it, with Kafka's filter semantics: an absent name,
 * principal or host matches any; "any" matches any type, operation or permission; patternType
 * "match" also matches prefixed and wildcard bindings that apply to the name.
 */
final class AclFilters {

    static final String EXAMPLE = "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\",\"patternType\":\"any\"},"
            + "\"accessFilter\":{\"operation\":\"any\",\"permissionType\":\"any\"}}]}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AclBindingFilter> filters;

    private AclFilters(List<AclBindingFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    boolean matches(AclBinding binding) {
        return filters.stream().anyMatch(filter -> filter.matches(binding));
    }

    /** Parses the filters; blank text is no filter. @throws IllegalArgumentException with a message a user can act on */
    static AclFilters parse(String json) {
        if (json == null || json.isBlank()) {
            return new AclFilters(List.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not valid JSON (" + e.getOriginalMessage() + "); expected for example " + EXAMPLE);
        }
        JsonNode array = root == null ? null : root.get("aclFilters");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("Expected an object with an array \"aclFilters\", for example " + EXAMPLE);
        }
        List<AclBindingFilter> filters = new ArrayList<>();
        for (JsonNode node : array) {
            filters.add(filter(node, "filter #" + (filters.size() + 1)));
        }
        return new AclFilters(filters);
    }

    private static AclBindingFilter filter(JsonNode node, String where) {
        JsonNode resource = node.path("resourceFilter");
        JsonNode access = node.path("accessFilter");
        if (!resource.isObject() && !access.isObject()) {
            throw new IllegalArgumentException(where + " needs a \"resourceFilter\" and/or an \"accessFilter\" object");
        }
        ResourcePatternFilter pattern = new ResourcePatternFilter(
                enumValue(resource, "resourceType", ResourceType.class, ResourceType.ANY, where),
                text(resource, "name"),
                enumValue(resource, "patternType", PatternType.class, PatternType.ANY, where));
        AccessControlEntryFilter entry = new AccessControlEntryFilter(
                text(access, "principal"),
                text(access, "host"),
                enumValue(access, "operation", AclOperation.class, AclOperation.ANY, where),
                enumValue(access, "permissionType", AclPermissionType.class, AclPermissionType.ANY, where));
        return new AclBindingFilter(pattern, entry);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Kafka's names, case-insensitive, with or without underscores (transactional_id, transactionalId). */
    private static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type, E absent, String where) {
        String value = text(node, field);
        if (value == null) {
            return absent;
        }
        for (E constant : type.getEnumConstants()) {
            if (!constant.name().equals("UNKNOWN") && normalized(constant.name()).equals(normalized(value))) {
                return constant;
            }
        }
        throw new IllegalArgumentException(where + " has " + field + " \"" + value + "\"; allowed: "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).filter(name -> !name.equals("UNKNOWN"))
                .map(name -> name.toLowerCase(Locale.ROOT)).toList());
    }

    private static String normalized(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    static ConfigDef.Validator validator() {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            try {
                parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, value, e.getMessage());
            }
        }, () -> "JSON like " + EXAMPLE);
    }
}
