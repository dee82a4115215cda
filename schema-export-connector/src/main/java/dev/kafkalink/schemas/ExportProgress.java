package dev.kafkalink.schemas;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the task knows between sweeps: which source subjects were in step at which versions (so an
 * idle sweep only lists versions), which destination subjects it checked version by version, where
 * it set IMPORT mode, which compatibility levels it last copied (so that an unchanged level costs one GET
 * on the source and none on the destination), and which subjects it stopped exporting and why. Kept in memory: the
 * destination registry itself is the durable record, so a restarted task checks everything once.
 */
final class ExportProgress {

    private final Map<String, SubjectVersions> inSync = new ConcurrentHashMap<>();
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final Set<String> importModeSet = ConcurrentHashMap.newKeySet();
    private final Map<String, String> stopped = new ConcurrentHashMap<>();
    /** Source subject to the level last seen on the source and copied. */
    private final Map<String, String> levelsCopied = new ConcurrentHashMap<>();

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
        levelsCopied.remove(subject);
    }

    /** Whether {@code level}, read on the source, is the one last copied for the subject. */
    boolean levelCopied(String subject, String level) {
        return level.equals(levelsCopied.get(subject));
    }

    void markLevelCopied(String subject, String level) {
        levelsCopied.put(subject, level);
    }

    boolean verified(String subject) {
        return verified.contains(subject);
    }

    /** Forgets what was in step, so the next sweep compares every subject with the destination again. */
    void forgetInSync() {
        inSync.clear();
        levelsCopied.clear();
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
