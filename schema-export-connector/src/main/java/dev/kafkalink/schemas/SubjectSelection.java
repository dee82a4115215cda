package dev.kafkalink.schemas;

import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which source subjects {@code schema.subjects} selects. Subject names are as the registry lists them
 * with {@code subjectPrefix=:*:}: default-context subjects bare, others as {@code :.ctx:name}.
 * Entries: {@code *} every default-context subject, {@code :*:} every subject, {@code orders-*} a
 * prefix, anything else one subject.
 */
final class SubjectSelection {

    static final String DEFAULT_CONTEXT = "*";
    static final String EVERY_CONTEXT = ":*:";

    private final List<String> entries;

    private SubjectSelection(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    static SubjectSelection parse(List<String> entries) {
        for (String entry : entries) {
            String problem = problem(entry);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return new SubjectSelection(entries.stream().map(String::trim).toList());
    }

    /** The subjectPrefix to list with: every context when an entry names one, else the default context. */
    String listingPrefix() {
        return entries.stream().anyMatch(entry -> entry.startsWith(":")) ? EVERY_CONTEXT : null;
    }

    boolean matches(String subject) {
        for (String entry : entries) {
            boolean match = switch (entry) {
                case EVERY_CONTEXT -> true;
                case DEFAULT_CONTEXT -> !subject.startsWith(":.");
                default -> entry.endsWith("*") ? subject.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(subject);
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static String problem(String entry) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty()) {
            return "An empty subject entry; use '*' for every subject";
        }
        if (trimmed.equals(EVERY_CONTEXT)) {
            return null;
        }
        if (trimmed.indexOf('*') >= 0 && trimmed.indexOf('*') != trimmed.length() - 1) {
            return "'" + trimmed + "': '*' may only end an entry (a prefix such as 'orders-*')";
        }
        if (trimmed.startsWith(":") && !trimmed.matches(":\\.[^:]*:.*")) {
            return "'" + trimmed + "' names a context the wrong way; write ':.context:subject' or ':*:'";
        }
        return null;
    }

    static ConfigDef.Validator validator() {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            @SuppressWarnings("unchecked")
            List<String> entries = (List<String>) value;
            if (entries == null || entries.isEmpty()) {
                throw new ConfigException(key, value, "Select at least one subject, for example '*'");
            }
            for (String entry : entries) {
                String problem = problem(entry);
                if (problem != null) {
                    throw new ConfigException(key, value, problem);
                }
            }
        }, () -> "'*', ':*:', subject names or prefixes ending in '*'");
    }
}
