package dev.kafkalink.schemas;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkalink.schemas.registry.SubjectConfig;

/**
 * What the task knows between sweeps: which source subjects were in step at which versions (so an
 * idle sweep only lists versions), which destination subjects it checked version by version, where
 * it set IMPORT mode, which configs it last copied (so that an unchanged config costs one GET
 * on the source and none on the destination), and which subjects it stopped exporting and why. Kept in memory: the
 * destination registry itself is the durable record, so a restarted task checks everything once.
 */
final class ExportProgress {

    /** The key of the global config (no subject is named so). */
    static final String GLOBAL = "";

    private final Map<String, SubjectVersions> inSync = new ConcurrentHashMap<>();
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final Set<String> importModeSet = ConcurrentHashMap.newKeySet();
    private final Map<String, String> stopped = new ConcurrentHashMap<>();
    /** Source subject (or {@link #GLOBAL}) to the config last seen on the source and copied; empty: none to copy. */
    private final Map<String, Optional<SubjectConfig>> configsCopied = new ConcurrentHashMap<>();

    boolean unchangedSinceInSync(String subject, SubjectVersions versions) {
        return versions.equals(inSync.get(subject));
    }

    void markInSync(String subject, SubjectVersions versions) {
        inSync.put(subject, versions);
        verified.add(subject);
    }

    /** Subjects that were in step; one that left the source entirely had its versions hard-deleted. */
    Set<String> known() {
        return Set.copyOf(verified);
    }

    /** A subject that no longer exists on either side. */
    void forget(String subject) {
        inSync.remove(subject);
        verified.remove(subject);
        configsCopied.remove(subject);
    }

    /** Whether {@code config}, read on the source, is the one last copied for the subject (or {@link #GLOBAL}). */
    boolean configCopied(String subject, Optional<SubjectConfig> config) {
        return config.equals(configsCopied.get(subject));
    }

    void markConfigCopied(String subject, Optional<SubjectConfig> config) {
        configsCopied.put(subject, config);
    }

    boolean verified(String subject) {
        return verified.contains(subject);
    }

    /** Forgets what was in step, so the next sweep compares every subject with the destination again. */
    void forgetInSync() {
        inSync.clear();
        configsCopied.clear();
    }

    /** True the first time for a subject or context: IMPORT mode is set once per task. */
    boolean firstImportModeFor(String subjectOrContext) {
        return importModeSet.add(subjectOrContext);
    }

    void stop(String subject, String reason) {
        stopped.putIfAbsent(subject, reason);
        inSync.remove(subject);
    }

    boolean isStopped(String subject) {
        return stopped.containsKey(subject);
    }

    /** The stopped subjects with their reasons, sorted by subject. */
    Map<String, String> stopped() {
        return new TreeMap<>(stopped);
    }

    int inSyncCount() {
        return inSync.size();
    }
}
