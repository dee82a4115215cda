package dev.kafkalink.acls;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A source binding as it must be on the destination: the principal mapped, and topic and group
 * names carrying {@code cluster.link.prefix}, like the mirror topics (and synced groups) do. A
 * wildcard ({@code *}) topic or group binding becomes a PREFIXED binding on the prefix, which covers
 * exactly the link's topics and groups.
 */
final class AclTranslation {

    private final String prefix;
    private final PrincipalMapping principals;

    AclTranslation(String prefix, PrincipalMapping principals) {
        this.prefix = prefix;
        this.principals = principals;
    }

    AclBinding toDestination(AclBinding source) {
        AccessControlEntry entry = source.entry();
        AccessControlEntry mapped = new AccessControlEntry(principals.apply(entry.principal()), entry.host(),
                entry.operation(), entry.permissionType());
        return new AclBinding(pattern(source.pattern()), mapped);
    }

    private ResourcePattern pattern(ResourcePattern pattern) {
        boolean prefixed = pattern.resourceType() == ResourceType.TOPIC || pattern.resourceType() == ResourceType.GROUP;
        if (prefix.isEmpty() || !prefixed) {
            return pattern;
        }
        if (pattern.patternType() == PatternType.LITERAL && pattern.name().equals(ResourcePattern.WILDCARD_RESOURCE)) {
            return new ResourcePattern(pattern.resourceType(), prefix, PatternType.PREFIXED);
        }
        return new ResourcePattern(pattern.resourceType(), prefix + pattern.name(), pattern.patternType());
    }
}
