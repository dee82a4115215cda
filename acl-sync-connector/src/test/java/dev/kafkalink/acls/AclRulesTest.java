package dev.kafkalink.acls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Filters, principal mapping, name translation and the ownership text of ACL bindings. */
class AclRulesTest {

    private static AclBinding binding(ResourceType type, String name, PatternType pattern, String principal,
                                      AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*", operation, permission));
    }

    @Test
    void filtersUseClusterLinkingsFormatWithKafkasSemantics() {
        AclFilters filters = AclFilters.parse("{\"aclFilters\":["
                + "{\"resourceFilter\":{\"resourceType\":\"topic\",\"name\":\"orders\",\"patternType\":\"match\"},"
                + "\"accessFilter\":{\"principal\":\"User:app\",\"operation\":\"any\",\"permissionType\":\"any\"}},"
                + "{\"resourceFilter\":{\"resourceType\":\"transactionalId\"},\"accessFilter\":{\"permissionType\":\"deny\"}}]}");
        assertTrue(filters.matches(binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, "User:app",
                AclOperation.WRITE, AclPermissionType.ALLOW)));
        assertTrue(filters.matches(binding(ResourceType.TOPIC, "ord", PatternType.PREFIXED, "User:app",
                AclOperation.READ, AclPermissionType.DENY)), "match: a prefixed binding that applies to the name");
        assertFalse(filters.matches(binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, "User:other",
                AclOperation.WRITE, AclPermissionType.ALLOW)));
        assertTrue(filters.matches(binding(ResourceType.TRANSACTIONAL_ID, "tx", PatternType.LITERAL, "User:x",
                AclOperation.WRITE, AclPermissionType.DENY)));
        assertFalse(filters.matches(binding(ResourceType.TRANSACTIONAL_ID, "tx", PatternType.LITERAL, "User:x",
                AclOperation.WRITE, AclPermissionType.ALLOW)));
        assertTrue(AclFilters.parse(AclFilters.EXAMPLE).matches(binding(ResourceType.CLUSTER, "kafka-cluster",
                PatternType.LITERAL, "User:y", AclOperation.ALL, AclPermissionType.ALLOW)));
    }

    @Test
    void filterMistakesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclFilters.parse("{\"aclFilters\":["))
                .getMessage().contains("Not valid JSON"));
        String unknownType = assertThrows(IllegalArgumentException.class, () -> AclFilters.parse(
                "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"queue\"}}]}")).getMessage();
        assertTrue(unknownType.contains("resourceType \"queue\"") && unknownType.contains("transactional_id"), unknownType);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclFilters.parse("{\"topicFilters\":[]}"))
                .getMessage().contains("aclFilters"));
    }

    @Test
    void prefixAndPrincipalMappingApplyToTheDestination() {
        AclTranslation translation = new AclTranslation("dc1.", PrincipalMapping.parse(List.of("User:app-aws->User:app-azure")));
        assertEquals(binding(ResourceType.TOPIC, "dc1.orders", PatternType.LITERAL, "User:app-azure", AclOperation.WRITE,
                AclPermissionType.ALLOW), translation.toDestination(binding(ResourceType.TOPIC, "orders",
                PatternType.LITERAL, "User:app-aws", AclOperation.WRITE, AclPermissionType.ALLOW)));
        assertEquals(binding(ResourceType.GROUP, "dc1.team-", PatternType.PREFIXED, "User:bob", AclOperation.READ,
                AclPermissionType.ALLOW), translation.toDestination(binding(ResourceType.GROUP, "team-",
                PatternType.PREFIXED, "User:bob", AclOperation.READ, AclPermissionType.ALLOW)));
        assertEquals(binding(ResourceType.TOPIC, "dc1.", PatternType.PREFIXED, "User:bob", AclOperation.READ,
                AclPermissionType.ALLOW), translation.toDestination(binding(ResourceType.TOPIC, "*",
                PatternType.LITERAL, "User:bob", AclOperation.READ, AclPermissionType.ALLOW)), "a wildcard covers the link's topics");
        AclBinding transactional = binding(ResourceType.TRANSACTIONAL_ID, "tx-", PatternType.PREFIXED, "User:bob",
                AclOperation.WRITE, AclPermissionType.ALLOW);
        assertEquals(transactional, translation.toDestination(transactional), "only topic and group names get the prefix");
    }

    @Test
    void principalMappingRejectsWhatIsNotAPair() {
        assertThrows(IllegalArgumentException.class, () -> PrincipalMapping.parse(List.of("User:a=User:b")));
        assertThrows(IllegalArgumentException.class, () -> PrincipalMapping.parse(List.of("alice->User:b")));
        assertThrows(IllegalArgumentException.class, () -> PrincipalMapping.parse(List.of("User:a->User:b", "User:a->User:c")));
    }

    @Test
    void ownershipTextRoundTripsAnyName() {
        AclBinding odd = binding(ResourceType.GROUP, "team \"blue\"|/x", PatternType.LITERAL, "User:a,b", AclOperation.ALL,
                AclPermissionType.DENY);
        assertEquals(odd, AclBindingText.decode(AclBindingText.encode(odd)));
        assertEquals("[\"TOPIC\",\"LITERAL\",\"orders\",\"User:app\",\"*\",\"WRITE\",\"ALLOW\"]", AclBindingText.encode(
                binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, "User:app", AclOperation.WRITE, AclPermissionType.ALLOW)));
    }
}
