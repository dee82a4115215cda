package dev.kafkalink.acls;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One canonical text per binding, the key of its ownership record in the state topic:
 * {@code ["TOPIC","LITERAL","orders","User:app","*","WRITE","ALLOW"]}. A JSON array, because group
 * and transactional ids may hold any character.
 */
final class AclBindingText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AclBindingText() {
    }

    static String encode(AclBinding binding) {
        try {
            return JSON.writeValueAsString(List.of(binding.pattern().resourceType().name(),
                    binding.pattern().patternType().name(), binding.pattern().name(), binding.entry().principal(),
                    binding.entry().host(), binding.entry().operation().name(), binding.entry().permissionType().name()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + binding, e);
        }
    }

    static AclBinding decode(String text) {
        List<String> fields;
        try {
            fields = JSON.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable ACL ownership record " + text, e);
        }
        return new AclBinding(
                new ResourcePattern(ResourceType.valueOf(fields.get(0)), fields.get(2), PatternType.valueOf(fields.get(1))),
                new AccessControlEntry(fields.get(3), fields.get(4), AclOperation.valueOf(fields.get(5)),
                        AclPermissionType.valueOf(fields.get(6))));
    }
}
