package dev.kafkalink.acls;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Principals renamed on the way to the destination, for example {@code User:app-aws->User:app-azure}
 * when the same application authenticates as another user there. Unlisted principals stay as they are.
 */
final class PrincipalMapping {

    private static final String ARROW = "->";

    private final Map<String, String> destinationBySource;

    private PrincipalMapping(Map<String, String> destinationBySource) {
        this.destinationBySource = Map.copyOf(destinationBySource);
    }

    String apply(String principal) {
        return destinationBySource.getOrDefault(principal, principal);
    }

    /** @throws IllegalArgumentException with a message a user can act on */
    static PrincipalMapping parse(List<String> entries) {
        Map<String, String> mapping = new HashMap<>();
        for (String entry : entries) {
            int arrow = entry.indexOf(ARROW);
            if (arrow < 0) {
                throw new IllegalArgumentException("'" + entry + "' is not SOURCE->DESTINATION, for example User:app-aws->User:app-azure");
            }
            String source = entry.substring(0, arrow).trim();
            String destination = entry.substring(arrow + ARROW.length()).trim();
            requirePrincipal(source, entry);
            requirePrincipal(destination, entry);
            if (mapping.put(source, destination) != null) {
                throw new IllegalArgumentException(source + " is mapped twice");
            }
        }
        return new PrincipalMapping(mapping);
    }

    private static void requirePrincipal(String principal, String entry) {
        int colon = principal.indexOf(':');
        if (colon <= 0 || colon == principal.length() - 1) {
            throw new IllegalArgumentException("'" + principal + "' in '" + entry + "' is not a principal like User:name");
        }
    }

    static ConfigDef.Validator validator() {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            try {
                @SuppressWarnings("unchecked")
                List<String> entries = (List<String>) value;
                parse(entries);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, value, e.getMessage());
            }
        }, () -> "comma-separated SOURCE->DESTINATION principal pairs");
    }
}
