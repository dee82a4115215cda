package dev.kafkalink.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.kafkalink.schemas.registry.RegistryClient;
import dev.kafkalink.schemas.registry.RegistryException;
import dev.kafkalink.schemas.registry.SchemaReference;
import dev.kafkalink.schemas.registry.SchemaVersion;
import dev.kafkalink.schemas.registry.SubjectConfig;

import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass: every version of every selected source subject exists on the destination with the same
 * id, version, type, text and references, soft deletes follow (hard deletes with
 * {@code schema.delete.sync}), and configs (compatibility levels, data contract defaults and overrides) are copied.
 *
 * <p>Safety first: every write is read back. A subject whose destination kept another id or version,
 * or whose id is taken there by another schema, is stopped (never written again by this task) and
 * reported; nothing on the destination is overwritten.
 *
 * <p>Cost: listing is parallel; a subject whose versions did not change since it was last in step
 * costs three small GETs on the source (its versions, live and all, and its config, so that a
 * config changed on a subject in step arrives within one sweep) and none on the destination unless its config
 * changed, and with the change feed a subject that did not change costs nothing. Missing versions are written one
 * at a time in the order of their source ids (references first), so that even a registry that
 * assigns its own ids gives the same ones when it starts empty.
 */
final class SchemaExportSweep {

    private static final Logger log = LoggerFactory.getLogger(SchemaExportSweep.class);
    static final String IMPORT = "IMPORT";

    /** What one sweep saw and did. */
    record Result(int subjectsInSync, int subjectsStopped, int versionsExported, int versionsDeleted, int lagVersions) {
    }

    /** The comparison of one subject with the destination. */
    private record SubjectPlan(String subject, String destination, SubjectVersions source, List<SchemaVersion> missing,
                               List<Integer> softDeletes, List<Integer> hardDeletes, String stopReason) {
    }

    /** Stops one subject; carries the reason. */
    private static final class SubjectStopped extends Exception {
        SubjectStopped(String reason) {
            super(reason, null, false, false);
        }
    }

    private final RegistryClient source;
    private final RegistryClient destination;
    private final SubjectSelection selection;
    private final SubjectNaming naming;
    private final boolean configSync;
    private final boolean deleteSync;
    private final boolean importMode;
    private final ExportProgress progress;
    private final ExecutorService pool;
    private final Set<String> written = new HashSet<>();
    private final AtomicInteger deleted = new AtomicInteger();

    SchemaExportSweep(RegistryClient source, RegistryClient destination, SchemaExportConfig config, ExportProgress progress,
                      ExecutorService pool) {
        this.source = source;
        this.destination = destination;
        this.selection = config.subjects();
        this.naming = config.naming();
        this.configSync = config.configSync();
        this.deleteSync = config.deleteSync();
        this.importMode = config.setImportMode();
        this.progress = progress;
        this.pool = pool;
    }

    /**
     * Compares and brings in step every selected subject, or with {@code changedOnly} (from the
     * change feed) only those; {@link SchemaChangeFeed#GLOBAL} among them stands for global settings.
     */
    Result run(Set<String> changedOnly) {
        Set<String> candidates;
        if (changedOnly == null) {
            // Subjects in step before and now gone from the source stay in: their versions were hard-deleted.
            candidates = new TreeSet<>(source.subjects(selection.listingPrefix(), true));
            candidates.addAll(progress.known());
        } else {
            candidates = new TreeSet<>(changedOnly);
            candidates.remove(SchemaChangeFeed.GLOBAL);
        }
        // The feed names a context whose own config changed by its key (:.ctx:); REST sweeps look at every context exported.
        Set<String> namedContexts = new TreeSet<>(candidates.stream().filter(SubjectNaming::isContextKey).toList());
        candidates.removeIf(SubjectNaming::isContextKey);
        List<String> subjects = candidates.stream().filter(selection::matches).filter(subject -> !progress.isStopped(subject)).toList();
        Set<String> contexts = contextsOf(changedOnly == null ? subjects : progress.known());
        if (changedOnly != null) {
            contexts.retainAll(namedContexts);
        }
        Map<String, SubjectVersions> versions = parallel(subjects,
                subject -> SubjectVersions.of(source.versions(subject, true), source.versions(subject, false)));
        if (configSync && (changedOnly == null || changedOnly.contains(SchemaChangeFeed.GLOBAL))) {
            syncGlobalConfig();
        }
        List<String> changed = subjects.stream()
                .filter(subject -> !progress.unchangedSinceInSync(subject, versions.get(subject))).toList();
        if (configSync) {
            // A config changed on a context or a subject in step: one GET each on the source, a write only when it changed.
            parallel(contexts.stream().filter(context -> !progress.isStopped(context)).toList(),
                    context -> copyConfigOrStop(context, naming.destinationContextKey(context)));
            Set<String> toPlan = new HashSet<>(changed);
            parallel(subjects.stream().filter(subject -> !toPlan.contains(subject)).toList(),
                    subject -> copyConfigOrStop(subject, naming.destination(subject)));
        }
        Map<String, SubjectPlan> plans = parallel(changed, subject -> plan(subject, versions.get(subject)));

        List<SchemaVersion> missing = new ArrayList<>();
        for (SubjectPlan plan : plans.values()) {
            if (plan.stopReason() != null) {
                stop(plan.subject(), plan.stopReason());
            } else {
                missing.addAll(plan.missing());
            }
        }
        missing.sort(Comparator.comparingInt(SchemaVersion::id).thenComparingInt(SchemaVersion::version));
        int lag = missing.size();
        for (SchemaVersion version : missing) {
            if (!progress.isStopped(version.subject())) {
                try {
                    export(version, versions.get(version.subject()).softDeleted(version.version()), new HashSet<>());
                    lag--;
                } catch (SubjectStopped e) {
                    stop(version.subject(), e.getMessage());
                }
            }
        }
        parallel(List.copyOf(plans.values()), this::finish);
        return new Result(progress.inSyncCount(), progress.stopped().size(), written.size(), deleted.get(), lag);
    }

    /** The keys of the contexts other than the default one that these subjects are in. */
    private static Set<String> contextsOf(Collection<String> subjects) {
        Set<String> contexts = new TreeSet<>();
        subjects.stream().map(SubjectNaming::contextKey).filter(Objects::nonNull).forEach(contexts::add);
        return contexts;
    }

    /** Compares one subject with the destination: what to write, what to delete, or why to stop. */
    private SubjectPlan plan(String subject, SubjectVersions sourceVersions) {
        String target = naming.destination(subject);
        SubjectVersions destinationVersions = SubjectVersions.of(destination.versions(target, true),
                destination.versions(target, false));
        List<SchemaVersion> missing = new ArrayList<>();
        List<Integer> softDeletes = new ArrayList<>();
        for (int version : sourceVersions.all()) {
            if (!destinationVersions.all().contains(version)) {
                missing.add(sourceVersion(subject, version));
                continue;
            }
            if (!progress.verified(subject)) {
                String mismatch = mismatch(subject, target, version);
                if (mismatch != null) {
                    return new SubjectPlan(subject, target, sourceVersions, List.of(), List.of(), List.of(), mismatch);
                }
            }
            if (sourceVersions.softDeleted(version) && destinationVersions.live().contains(version)) {
                softDeletes.add(version);
            }
        }
        List<Integer> hardDeletes = new ArrayList<>();
        if (deleteSync) {
            destinationVersions.all().stream().filter(version -> !sourceVersions.all().contains(version))
                    .forEach(hardDeletes::add);
        }
        return new SubjectPlan(subject, target, sourceVersions, missing, softDeletes, hardDeletes, null);
    }

    /** Why a version present on both sides is not the same, or null when it is. */
    private String mismatch(String subject, String target, int version) {
        SchemaVersion expected = sourceVersion(subject, version);
        Optional<SchemaVersion> actual = destination.version(target, version);
        if (actual.isEmpty()) {
            return null;
        }
        SchemaVersion wanted = translated(expected, target);
        if (actual.get().id() == expected.id() && actual.get().sameSchemaIgnoringContract(wanted)
                && !actual.get().sameSchema(wanted)) {
            return contractLost(version, expected.id(), wanted, actual.get());
        }
        if (actual.get().id() != expected.id() || !actual.get().sameSchema(wanted)) {
            return "version " + version + " already exists on the destination as " + target + " with id " + actual.get().id()
                    + (actual.get().id() == expected.id() ? " but a different schema" : ", the source's id is " + expected.id());
        }
        return null;
    }

    /** Writes one version with its id and version number, references first, and reads it back. */
    private void export(SchemaVersion version, boolean softDeleted, Set<String> inProgress) throws SubjectStopped {
        String target = naming.destination(version.subject());
        if (written.contains(target + "/" + version.version())) {
            return;
        }
        if (!inProgress.add(target + "/" + version.version())) {
            throw new SubjectStopped("its references form a cycle at version " + version.version());
        }
        try {
            for (SchemaReference reference : version.references()) {
                exportReference(version.subject(), reference, inProgress);
            }
            SchemaVersion wanted = translated(version, target);
            setImportMode(version.subject(), target);
            Optional<SchemaVersion> holder = destination.schemaById(version.id(), target);
            if (holder.isPresent() && holder.get().sameSchemaIgnoringContract(wanted) && !holder.get().sameSchema(wanted)) {
                throw new SubjectStopped(contractLost(version.version(), version.id(), wanted, holder.get()));
            }
            if (holder.isPresent() && !holder.get().sameSchema(wanted)) {
                throw new SubjectStopped("version " + version.version() + ": id " + version.id()
                        + " is already used on the destination by a different schema; nothing was overwritten");
            }
            int answeredId = destination.register(target, wanted, true);
            verifyWritten(version, target, wanted, answeredId);
            written.add(target + "/" + version.version());
            if (softDeleted) {
                destination.deleteVersion(target, version.version(), false);
                deleted.incrementAndGet();
            }
        } catch (RegistryException e) {
            throw refusal(version, e);
        }
    }

    private void exportReference(String referrer, SchemaReference reference, Set<String> inProgress) throws SubjectStopped {
        String referenced = SubjectNaming.resolveReference(referrer, reference.subject());
        if (destination.version(naming.destination(referenced), reference.version()).isPresent()) {
            return;
        }
        // Transient: the source changed while this sweep ran; the next sweep sees it settled.
        SchemaVersion version = source.version(referenced, reference.version()).orElseThrow(() -> new RetriableException(
                "The source has no version " + reference.version() + " of " + referenced + ", which " + referrer + " references"));
        export(version, false, inProgress);
    }

    /**
     * Reads back what was written: the same id, version, schema and data contract, or the subject stops. A
     * destination that kept the schema without its metadata or rule set is named as such, whatever id it gave.
     */
    private void verifyWritten(SchemaVersion version, String target, SchemaVersion wanted, int answeredId) throws SubjectStopped {
        Optional<SchemaVersion> readBack = destination.version(target, version.version());
        boolean kept = answeredId == version.id() && readBack.isPresent() && readBack.get().id() == version.id()
                && readBack.get().sameSchema(wanted);
        if (kept) {
            return;
        }
        Optional<SchemaVersion> where = readBack.filter(found -> found.sameSchemaIgnoringContract(wanted))
                .or(() -> destination.lookup(target, wanted));
        if (where.isPresent() && where.get().sameSchemaIgnoringContract(wanted)
                && !wanted.contract().lostIn(where.get().contract()).isEmpty()) {
            throw new SubjectStopped(contractLost(version.version(), version.id(), wanted, where.get())
                    + " (it holds the schema as " + target + " version " + where.get().version() + " with id " + where.get().id() + ")");
        }
        String actual = where.map(found -> "id " + found.id() + " as version " + found.version()).orElse("id " + answeredId);
        throw new SubjectStopped("version " + version.version() + " with source id " + version.id()
                + ": the destination kept it as " + target + " " + actual + " (a registry that ignores explicit ids "
                + "or versions cannot keep mirrored records readable)");
    }

    /**
     * The reason to stop a subject whose destination kept a version's schema but not its metadata or rule set:
     * a registry without data contracts would merge versions that differ only in them.
     */
    private String contractLost(int version, int id, SchemaVersion wanted, SchemaVersion kept) {
        return "version " + version + " (source id " + id + "): the " + destination.describe() + " did not keep its data contract ("
                + String.join(", ", wanted.contract().lostIn(kept.contract())) + " lost). That registry does not keep "
                + "Confluent metadata and rule sets (for example Apicurio's Confluent API, or Confluent Schema Registry "
                + "before 7.4), and versions that differ only in them would become one";
    }

    private SubjectStopped refusal(SchemaVersion version, RegistryException e) {
        if (e.isAuthentication()) {
            throw e;
        }
        return new SubjectStopped("version " + version.version() + " (id " + version.id() + ") was refused: " + e.getMessage());
    }

    /** Soft and hard deletes and the subject's config, once its versions are there. */
    private Void finish(SubjectPlan plan) {
        if (plan.stopReason() != null || progress.isStopped(plan.subject())) {
            return null;
        }
        try {
            for (int version : plan.softDeletes()) {
                destination.deleteVersion(plan.destination(), version, false);
                deleted.incrementAndGet();
            }
            for (int version : plan.hardDeletes()) {
                if (destination.versions(plan.destination(), false).contains(version)) {
                    destination.deleteVersion(plan.destination(), version, false);
                }
                destination.deleteVersion(plan.destination(), version, true);
                deleted.incrementAndGet();
            }
            if (configSync) {
                copyConfig(plan.subject(), plan.destination());
            }
            if (plan.source().all().isEmpty()) {
                progress.forget(plan.subject());
            } else {
                progress.markInSync(plan.subject(), plan.source());
            }
        } catch (RegistryException e) {
            if (e.isAuthentication()) {
                throw e;
            }
            stop(plan.subject(), e.getMessage());
        }
        return null;
    }

    /** The config of a subject or context on the destination, as on the source; a refusal stops that subject or context. */
    private Void copyConfigOrStop(String subjectOrContext, String target) {
        try {
            copyConfig(subjectOrContext, target);
        } catch (RegistryException e) {
            if (e.isAuthentication()) {
                throw e;
            }
            stop(subjectOrContext, e.getMessage());
        }
        return null;
    }

    /**
     * Reads the own config (level, data contract defaults and overrides ...) of a subject or context (the default context's
     * is the global one, see {@link #syncGlobalConfig}) on the source; compares
     * it with the destination's and writes it, or deletes the destination's when the source has none, only when it is not
     * the one last copied.
     */
    private void copyConfig(String subject, String target) {
        Optional<SubjectConfig> config = source.config(subject);
        if (progress.configCopied(subject, config)) {
            return;
        }
        Optional<SubjectConfig> wanted = config.map(found -> found.withAlias(naming::referenceSubject));
        Optional<SubjectConfig> current = destination.config(target);
        if (wanted.isEmpty() && current.isPresent()) {
            destination.deleteConfig(target);
        } else if (wanted.isPresent() && !wanted.equals(current)) {
            write(target, wanted.get(), current);
        }
        progress.markConfigCopied(subject, config);
    }

    /**
     * The global config (or the link context's, with a context), compared on both sides every sweep with REST listing: that
     * GET is also what tells an idle sweep that the destination stopped answering. A config the destination did not keep
     * as written is not written again until it changes on the source.
     */
    private void syncGlobalConfig() {
        String target = naming.importContext("").orElse(null);
        Optional<SubjectConfig> config = source.config(null);
        Optional<SubjectConfig> current = destination.config(target);
        if (config.isPresent() && !config.equals(current) && !progress.configCopied(ExportProgress.GLOBAL, config)) {
            write(target, config.get(), current);
        }
        progress.markConfigCopied(ExportProgress.GLOBAL, config);
    }

    /**
     * Writes a config and reads it back: fields the destination did not keep are logged (once per change on the source). A
     * registry that refuses the fields it does not know (data contract defaults, for example) is sent the level alone.
     */
    private void write(String target, SubjectConfig config, Optional<SubjectConfig> current) {
        try {
            destination.setConfig(target, config, current);
        } catch (RegistryException e) {
            Optional<SubjectConfig> level = config.levelOnly().filter(levelOnly -> !levelOnly.equals(config));
            if (e.isAuthentication() || level.isEmpty()) {
                throw e;
            }
            log.debug("The {} refused the config of {} ({}); writing its level alone", destination.describe(), target, e.getMessage());
            destination.setConfig(target, level.get(), current);
        }
        List<String> lost = config.lostIn(destination.config(target));
        if (!lost.isEmpty()) {
            log.warn("The {} did not keep {} of the config of {} (it does not support them); the source's config is {}",
                    destination.describe(), lost, target == null ? "the registry" : target, config.fields());
        }
    }

    private void setImportMode(String sourceSubject, String target) {
        if (!importMode) {
            return;
        }
        String scope = naming.importContext(sourceSubject).orElse(target);
        if (progress.firstImportModeFor(scope) && !destination.mode(scope).filter(IMPORT::equals).isPresent()) {
            destination.setMode(scope, IMPORT);
        }
    }

    private SchemaVersion sourceVersion(String subject, int version) {
        return source.version(subject, version).orElseThrow(() -> new RetriableException(
                "Version " + version + " of " + subject + " disappeared from the source during the sweep"));
    }

    /** The version as it must be on the destination: its subject and its references' subjects renamed. */
    private SchemaVersion translated(SchemaVersion version, String target) {
        List<SchemaReference> references = version.references().stream()
                .map(reference -> new SchemaReference(reference.name(), naming.referenceSubject(reference.subject()),
                        reference.version()))
                .toList();
        return new SchemaVersion(target, version.version(), version.id(), version.schemaType(), version.schema(), references,
                version.contract());
    }

    private void stop(String subject, String reason) {
        if (!progress.isStopped(subject)) {
            log.error("Stopped exporting subject {}: {}. Nothing more is written for it until the task restarts.", subject, reason);
        }
        progress.stop(subject, reason);
    }

    private <T, R> Map<T, R> parallel(List<T> items, Function<T, R> work) {
        return ParallelCalls.map(items, work, pool);
    }
}
