package dev.kafkalink.testkit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kafkalink.testkit.RegistryStore.Failure;
import dev.kafkalink.testkit.RegistryStore.Name;

/**
 * The modes and configs of {@link ConfluentRegistryStandIn}: one global value, one per context (kept under the
 * context's key {@code :.ctx:}) and one per subject. As in Confluent, the mode in force for a subject is its own, else
 * its context's, else the global one, and its config in force merges the three field by field. Compatibility levels are
 * only stored and reported: the stand-in never checks compatibility; the data contract defaults and overrides of a
 * config are applied to registrations outside IMPORT mode ({@link RegistryConfigs#populate}). Each change is told to the {@link RegistryFeed} first.
 */
final class RegistrySettings {

    enum Mode { READWRITE, READONLY, IMPORT }

    private final Map<String, Mode> modes = new HashMap<>();
    private final Map<String, ObjectNode> configs = new HashMap<>();
    private final RegistryFeed feed;
    private Mode globalMode = Mode.READWRITE;
    private ObjectNode globalConfig = RegistryConfigs.EMPTY.deepCopy().put(RegistryConfigs.LEVEL, "BACKWARD");

    RegistrySettings(RegistryFeed feed) {
        this.feed = feed;
    }

    // ---- modes ----

    /** {@code subject} null is the global mode; a subject without its own mode is 40409 unless defaultToGlobal. */
    synchronized Mode mode(String subject, boolean defaultToGlobal) {
        if (subject == null) {
            return globalMode;
        }
        String s = RegistryStore.qualify(subject);
        if (!modes.containsKey(s) && !defaultToGlobal) {
            throw new Failure(40409, "Subject '" + s + "' does not have subject-level mode configured");
        }
        return modeInScope(s);
    }

    /** Subject level, else context level, else global; {@code subject} is already qualified. */
    synchronized Mode modeInScope(String subject) {
        return modes.getOrDefault(subject, modes.getOrDefault(Name.parse(subject).contextKey(), globalMode));
    }

    /** Sets a mode without rules; {@link RegistryStore#setMode} applies Confluent's IMPORT rule first. */
    synchronized void putMode(String subject, Mode mode) {
        feed.mode(subject, mode);
        if (subject == null) {
            globalMode = mode;
        } else {
            modes.put(subject, mode);
        }
    }

    synchronized Mode deleteMode(String subject) {
        String s = RegistryStore.qualify(subject);
        Mode current = modes.get(s);
        if (current == null) {
            throw new Failure(40401, "Subject '" + s + "' not found.");
        }
        feed.mode(s, null);
        modes.remove(s);
        return current;
    }

    static Mode parseMode(String requested) {
        try {
            return Mode.valueOf(String.valueOf(requested).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Failure(42204, "Invalid mode. Valid values are READWRITE, READONLY and IMPORT");
        }
    }

    /** Confluent refuses writes, config changes included, to a subject whose mode in force is READONLY. */
    synchronized void requireWritable(String subject) {
        Mode mode = subject == null ? globalMode : modeInScope(subject);
        if (mode == Mode.READONLY) {
            throw new Failure(42205, "Subject " + subject + " is in read-only mode");
        }
    }

    // ---- configs (compatibility level, data contract defaults and overrides, ...) ----

    /**
     * The config set on a subject or context ({@code subject} null: the global one, which always has a level); a subject
     * without its own config is 40408 unless defaultToGlobal, which answers the one in force.
     */
    synchronized ObjectNode config(String subject, boolean defaultToGlobal) {
        if (subject == null) {
            return globalConfig.deepCopy();
        }
        String s = RegistryStore.qualify(subject);
        if (!configs.containsKey(s) && !defaultToGlobal) {
            throw new Failure(40408, "Subject '" + s + "' does not have subject-level compatibility configured");
        }
        return configInScope(s);
    }

    /** Confluent's config in scope: the subject's fields over its context's over the global ones. */
    synchronized ObjectNode configInScope(String subject) {
        ObjectNode inScope = globalConfig.deepCopy();
        inScope.setAll(configs.getOrDefault(Name.parse(subject).contextKey(), RegistryConfigs.EMPTY));
        inScope.setAll(configs.getOrDefault(subject, RegistryConfigs.EMPTY));
        return inScope;
    }

    /** PUT /config: as Confluent's {@code ConfigValue.update}, absent fields keep their value and nulls clear them. */
    synchronized ObjectNode updateConfig(String subject, JsonNode request) {
        String s = subject == null ? null : RegistryStore.qualify(subject);
        requireWritable(s);
        ObjectNode current = s == null ? globalConfig : configs.getOrDefault(s, RegistryConfigs.EMPTY);
        ObjectNode updated = RegistryConfigs.updated(current, request);
        if (s == null && !updated.has(RegistryConfigs.LEVEL)) {
            updated.put(RegistryConfigs.LEVEL, current.path(RegistryConfigs.LEVEL).asText("BACKWARD"));
        }
        feed.config(s, updated);
        if (s == null) {
            globalConfig = updated;
        } else {
            configs.put(s, updated);
        }
        return RegistryConfigs.answer(updated);
    }

    synchronized ObjectNode deleteConfig(String subject) {
        String s = RegistryStore.qualify(subject);
        requireWritable(s);
        ObjectNode current = configs.get(s);
        if (current == null) {
            throw new Failure(40401, "Subject '" + s + "' not found.");
        }
        feed.config(s, null);
        configs.remove(s);
        return current;
    }

    /** Confluent drops a subject's own mode and level when its last live version is soft-deleted. */
    synchronized void forget(String subject) {
        if (modes.containsKey(subject)) {
            feed.mode(subject, null);
            modes.remove(subject);
        }
        if (configs.containsKey(subject)) {
            feed.config(subject, null);
            configs.remove(subject);
        }
    }
}
