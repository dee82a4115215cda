package dev.kafkalink.testkit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kafkalink.testkit.RegistryStore.Failure;
import dev.kafkalink.testkit.RegistryStore.Name;

/**
 * The modes and compatibility levels of {@link ConfluentRegistryStandIn}: one global value, one per context (kept
 * under the context's key {@code :.ctx:}) and one per subject. As in Confluent, the value in force for a subject is
 * its own, else its context's, else the global one. Compatibility levels are only stored and reported: the stand-in
 * never checks compatibility. Each change is told to the {@link RegistryFeed} first.
 */
final class RegistrySettings {

    enum Mode { READWRITE, READONLY, IMPORT }

    private static final Set<String> COMPATIBILITY_LEVELS = Set.of("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE");

    private final Map<String, Mode> modes = new HashMap<>();
    private final Map<String, String> compatibility = new HashMap<>();
    private final RegistryFeed feed;
    private Mode globalMode = Mode.READWRITE;
    private String globalCompatibility = "BACKWARD";

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

    // ---- compatibility levels ----

    /** {@code subject} null is the global level; a subject without its own level is 40408 unless defaultToGlobal. */
    synchronized String compatibility(String subject, boolean defaultToGlobal) {
        if (subject == null) {
            return globalCompatibility;
        }
        String s = RegistryStore.qualify(subject);
        if (!compatibility.containsKey(s) && !defaultToGlobal) {
            throw new Failure(40408, "Subject '" + s + "' does not have subject-level compatibility configured");
        }
        return compatibility.getOrDefault(s,
                compatibility.getOrDefault(Name.parse(s).contextKey(), globalCompatibility));
    }

    synchronized String setCompatibility(String subject, String requested) {
        String level = String.valueOf(requested).toUpperCase(Locale.ROOT);
        if (!COMPATIBILITY_LEVELS.contains(level)) {
            throw new Failure(42203, "Invalid compatibility level. Valid values are none, backward, forward, full, "
                    + "backward_transitive, forward_transitive, and full_transitive");
        }
        String s = subject == null ? null : RegistryStore.qualify(subject);
        requireWritable(s);
        feed.compatibility(s, level);
        if (s == null) {
            globalCompatibility = level;
        } else {
            compatibility.put(s, level);
        }
        return level;
    }

    synchronized String deleteCompatibility(String subject) {
        String s = RegistryStore.qualify(subject);
        requireWritable(s);
        String current = compatibility.get(s);
        if (current == null) {
            throw new Failure(40401, "Subject '" + s + "' not found.");
        }
        feed.compatibility(s, null);
        compatibility.remove(s);
        return current;
    }

    /** Confluent drops a subject's own mode and level when its last live version is soft-deleted. */
    synchronized void forget(String subject) {
        if (modes.containsKey(subject)) {
            feed.mode(subject, null);
            modes.remove(subject);
        }
        if (compatibility.containsKey(subject)) {
            feed.compatibility(subject, null);
            compatibility.remove(subject);
        }
    }
}
