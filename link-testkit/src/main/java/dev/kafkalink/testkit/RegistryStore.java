package dev.kafkalink.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kafkalink.testkit.RegistrySettings.Mode;

/**
 * The subjects, versions and ids of {@link ConfluentRegistryStandIn} and the Confluent Schema Registry rules that
 * change them; modes and compatibility levels live in {@link RegistrySettings}. Every method that touches state is
 * {@code synchronized}: the HTTP server calls it from several threads (lock order: store, then settings). Each
 * change is told to the {@link RegistryFeed} before it is made, in the order Confluent writes its records.
 *
 * <p>Invariants: a subject is stored under its normalised name (default context without prefix, any other as
 * {@code :.ctx:name}) and only while it has at least one version (soft-deleted counts, hard-deleted does not);
 * within a context one id never names two different schemas; the highest id a context ever handed out never goes
 * down, so a hard delete never frees an id for READWRITE registration (Confluent's incremental id generator).
 */
final class RegistryStore {

    static final String DEFAULT_CONTEXT = ".";
    private static final String WILDCARD_CONTEXT = ":*:";
    private static final Set<String> SCHEMA_TYPES = Set.of("AVRO", "PROTOBUF", "JSON");

    /** A refusal, answered as {@code {"error_code":code,"message":message}}. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int errorCode;

        Failure(int errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }

        /** Confluent's rule: the HTTP status is the first three digits of the error code. */
        int httpStatus() {
            return errorCode >= 1000 ? Integer.parseInt(Integer.toString(errorCode).substring(0, 3)) : errorCode;
        }
    }

    record Reference(String name, String subject, int version) {
    }

    /**
     * What makes two versions "the same schema": type, text, references, and (Confluent 7.4+) metadata and rule set,
     * both null when absent and otherwise in {@link RegistryDataContracts}' canonical form.
     */
    record Schema(String type, String text, List<Reference> references, JsonNode metadata, JsonNode ruleSet) {
        Schema(String type, String text, List<Reference> references) {
            this(type, text, references, null, null);
        }
    }

    record Version(String subject, int version, int id, Schema schema, boolean deleted) {
        Version softDeleted() {
            return new Version(subject, version, id, schema, true);
        }
    }

    /** A subject name split into its context ({@code "."} or {@code ".ctx"}) and its name inside it. */
    record Name(String context, String name) {
        static Name parse(String subject) {
            if (subject.startsWith(":.")) {
                int end = subject.indexOf(':', 2);
                if (end > 0) {
                    return new Name(subject.substring(1, end), subject.substring(end + 1));
                }
            }
            return new Name(DEFAULT_CONTEXT, subject);
        }

        String qualified() {
            return DEFAULT_CONTEXT.equals(context) ? name : ":" + context + ":" + name;
        }

        /** The key under which a mode or config set on the whole context is kept, e.g. {@code :.ctx:}. */
        String contextKey() {
            return new Name(context, "").qualified();
        }
    }

    // Sorted, so that every listing comes out in a stable order (by subject, then version).
    private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<String, Integer> highestId = new HashMap<>();
    // Confluent keeps a context once something was registered in it, even after its subjects are deleted.
    private final Set<String> contexts = new TreeSet<>(Set.of(DEFAULT_CONTEXT));
    private final RegistrySettings settings;
    private final RegistryFeed feed;

    RegistryStore(RegistrySettings settings, RegistryFeed feed) {
        this.settings = settings;
        this.feed = feed;
    }

    static String qualify(String subject) {
        return Name.parse(subject).qualified();
    }

    // ---- subjects and versions ----

    synchronized List<String> subjects(String prefix, boolean includeDeleted) {
        Predicate<String> wanted;
        if (prefix.startsWith(WILDCARD_CONTEXT)) {
            String rest = prefix.substring(WILDCARD_CONTEXT.length());
            wanted = s -> Name.parse(s).name().startsWith(rest);
        } else {
            Name p = Name.parse(prefix);
            wanted = s -> Name.parse(s).context().equals(p.context()) && Name.parse(s).name().startsWith(p.name());
        }
        return subjects.keySet().stream().filter(s -> exists(s, includeDeleted)).filter(wanted).sorted().toList();
    }

    synchronized List<String> contexts() {
        return new ArrayList<>(contexts);
    }

    synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        String s = requireSubject(subject, includeDeleted);
        return subjects.get(s).values().stream().filter(v -> includeDeleted || !v.deleted()).map(Version::version).toList();
    }

    /** {@code version} is a number, {@code latest} or {@code -1}; the latest is always a non-deleted version. */
    synchronized Version version(String subject, String version, boolean includeDeleted) {
        String s = qualify(subject);
        Version found = find(s, version, includeDeleted);
        if (found == null) {
            requireSubject(s, includeDeleted);
            throw new Failure(40402, "Version " + version + " not found.");
        }
        return found;
    }

    /** POST /subjects/{s}: the newest version of the subject holding this schema. */
    synchronized Version lookUp(String subject, Schema schema, boolean includeDeleted) {
        String s = requireSubject(subject, includeDeleted);
        return subjects.get(s).descendingMap().values().stream()
                .filter(v -> (includeDeleted || !v.deleted()) && v.schema().equals(schema))
                .findFirst().orElseThrow(() -> new Failure(40403, "Schema not found"));
    }

    // ---- registration ----

    /** Returns the id. {@code id} and {@code version} are null when the request did not carry them. */
    synchronized int register(String subject, Schema requested, Integer id, Integer version) {
        Name name = Name.parse(subject);
        String s = name.qualified();
        TreeMap<Integer, Version> versions = subjects.getOrDefault(s, new TreeMap<>());
        Schema schema = settings.modeInScope(s) == Mode.IMPORT ? requested : withConfigContract(s, requested, versions);
        // Confluent answers an already registered schema before it looks at the mode.
        if (version == null) {
            for (Version v : versions.descendingMap().values()) {
                if (!v.deleted() && v.schema().equals(schema) && (id == null || id == v.id())) {
                    return v.id();
                }
            }
        }
        Mode mode = requireRegisterMode(s, id);
        validate(name, schema);
        // The next version counts soft-deleted versions, not hard-deleted ones.
        int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        if (version != null && version != next && mode != Mode.IMPORT) {
            throw new Failure(42201, "Version is not one more than previous version");
        }
        int newVersion = version == null ? next : version;
        int assigned = assignId(name.context(), schema, id);
        // In IMPORT mode an existing version is overwritten without a check, as Confluent does.
        Version stored = new Version(s, newVersion, assigned, schema, false);
        if (!stored.equals(versions.get(newVersion))) { // an identical re-import changes nothing
            feed.version(stored);
        }
        // Confluent drops (tombstones) an older soft-deleted version with the same id when a schema comes back.
        List<Version> dropped = versions.values().stream()
                .filter(v -> v.deleted() && v.id() == assigned && v.version() < newVersion).toList();
        dropped.forEach(v -> feed.versionRemoved(s, v.version()));
        dropped.forEach(v -> versions.remove(v.version()));
        versions.put(newVersion, stored);
        subjects.put(s, versions);
        highestId.merge(name.context(), assigned, Math::max);
        contexts.add(name.context());
        return assigned;
    }

    /**
     * Outside IMPORT mode, as Confluent: the registration's own metadata and rule set, else the previous live version's,
     * between the config's defaults and overrides. IMPORT mode stores what it is given.
     */
    private Schema withConfigContract(String subject, Schema requested, TreeMap<Integer, Version> versions) {
        Schema previous = versions.descendingMap().values().stream().filter(v -> !v.deleted()).map(Version::schema)
                .findFirst().orElse(null);
        JsonNode[] contract = RegistryConfigs.populate(settings.configInScope(subject), requested.metadata(),
                requested.ruleSet(), previous);
        return new Schema(requested.type(), requested.text(), requested.references(), contract[0], contract[1]);
    }

    /** Explicit ids only in IMPORT mode, and in IMPORT mode only explicit ids (Confluent 7.x). */
    private Mode requireRegisterMode(String subject, Integer id) {
        Mode mode = settings.modeInScope(subject);
        if (mode == Mode.READONLY) {
            throw new Failure(42205, "Subject " + subject + " is in read-only mode");
        }
        if (id != null && mode != Mode.IMPORT) {
            throw new Failure(42205, "Subject " + subject + " is not in import mode");
        }
        if (id == null && mode != Mode.READWRITE) {
            throw new Failure(42205, "Subject " + subject + " is not in read-write mode");
        }
        return mode;
    }

    /** An explicit id must not name another schema; else the same schema keeps its id; else the next id. */
    private int assignId(String context, Schema schema, Integer id) {
        List<Version> all = versionsIn(context);
        if (id != null) {
            if (all.stream().anyMatch(v -> v.id() == id && !v.schema().equals(schema))) {
                throw new Failure(42205, "Overwrite new schema with id " + id + " is not permitted.");
            }
            return id;
        }
        return all.stream().filter(v -> v.schema().equals(schema)).mapToInt(Version::id).min()
                .orElse(highestId.getOrDefault(context, 0) + 1);
    }

    private void validate(Name subject, Schema schema) {
        if (schema.text() == null || schema.text().isBlank()) {
            throw new Failure(42201, "Empty schema");
        }
        if (!SCHEMA_TYPES.contains(schema.type())) {
            throw new Failure(42201, "Invalid schema type " + schema.type());
        }
        for (Reference ref : schema.references()) {
            // A reference may point at a soft-deleted version, not at a hard-deleted or missing one.
            if (ref.version() < 1 || find(referencedSubject(subject, ref), Integer.toString(ref.version()), true) == null) {
                throw new Failure(42201, "Invalid schema: reference '" + ref.name() + "' to subject '" + ref.subject()
                        + "' version " + ref.version() + " does not exist");
            }
        }
    }

    /** An unqualified reference subject lives in the context of the schema that refers to it. */
    private static String referencedSubject(Name referrer, Reference ref) {
        Name target = Name.parse(ref.subject());
        boolean qualified = ref.subject().startsWith(":.");
        return qualified ? target.qualified() : new Name(referrer.context(), target.name()).qualified();
    }

    // ---- schemas by id ----

    /** The schema with this id in the context of {@code subject} (default context when null), soft-deleted too. */
    synchronized Schema schemaById(int id, String subject) {
        return withId(id, subject).get(0).schema();
    }

    synchronized List<Version> versionsById(int id, String subject, boolean includeDeleted) {
        return withId(id, subject).stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    private List<Version> withId(int id, String subject) {
        String context = subject == null ? DEFAULT_CONTEXT : Name.parse(subject).context();
        List<Version> found = versionsIn(context).stream().filter(v -> v.id() == id).toList();
        if (found.isEmpty()) {
            throw new Failure(40403, "Schema " + id + " not found");
        }
        return found;
    }

    // ---- deletion ----

    synchronized int deleteVersion(String subject, String version, boolean permanent) {
        String s = qualify(subject);
        Version target = version(s, version, true);
        if (!permanent && target.deleted()) {
            throw new Failure(40406, "Subject '" + s + "' Version " + target.version()
                    + " was soft deleted.Set permanent=true to delete permanently");
        }
        settings.requireWritable(s);
        requireUnreferenced(target);
        if (permanent && !target.deleted()) {
            throw new Failure(40407, "Subject '" + s + "' Version " + target.version()
                    + " was not deleted first before being permanently deleted");
        }
        delete(s, List.of(target), permanent);
        forgetIfSoftDeleted(s, permanent);
        return target.version();
    }

    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        String s = requireSubject(subject, true);
        if (!permanent && !exists(s, false)) {
            throw new Failure(40404, "Subject '" + s + "' was soft deleted.Set permanent=true to delete permanently");
        }
        settings.requireWritable(s);
        List<Version> targets = subjects.get(s).values().stream().filter(v -> permanent || !v.deleted()).toList();
        for (Version v : targets) {
            requireUnreferenced(v);
            if (permanent && !v.deleted()) {
                throw new Failure(40405, "Subject '" + s + "' was not deleted first before being permanently deleted");
            }
        }
        delete(s, targets, permanent);
        if (!permanent) {
            feed.subjectDeleted(s, targets.get(targets.size() - 1).version());
        }
        forgetIfSoftDeleted(s, permanent);
        return targets.stream().map(Version::version).toList();
    }

    private void delete(String subject, Collection<Version> targets, boolean permanent) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        for (Version v : targets) {
            if (permanent) {
                feed.versionRemoved(subject, v.version());
                versions.remove(v.version());
            } else {
                feed.version(v.softDeleted());
                versions.put(v.version(), v.softDeleted());
            }
        }
        if (versions.isEmpty()) {
            subjects.remove(subject);
        }
    }

    /** Confluent drops a subject's own mode and level once its last live version is soft-deleted. */
    private void forgetIfSoftDeleted(String subject, boolean permanent) {
        if (!permanent && !exists(subject, false)) {
            settings.forget(subject);
        }
    }

    private void requireUnreferenced(Version target) {
        for (Version v : versionsIn(null)) {
            for (Reference ref : v.deleted() ? List.<Reference>of() : v.schema().references()) {
                if (referencedSubject(Name.parse(v.subject()), ref).equals(target.subject())
                        && ref.version() == target.version()) {
                    throw new Failure(42206, "One or more references exist to the schema {subject="
                            + target.subject() + ",version=" + target.version() + "}.");
                }
            }
        }
    }

    // ---- modes ----

    /** Sets a mode ({@code subject} null: global, {@code :.ctx:}: a context) after Confluent's IMPORT rule. */
    synchronized void setMode(String subject, String requested, boolean force) {
        Mode mode = RegistrySettings.parseMode(requested);
        String s = subject == null ? null : qualify(subject);
        Mode current = s == null ? settings.mode(null, false) : settings.modeInScope(s);
        if (mode == Mode.IMPORT && current != Mode.IMPORT && !force) {
            List<String> affected = subjects.keySet().stream().filter(k -> covers(s, k)).toList();
            if (affected.stream().anyMatch(k -> exists(k, false))) {
                throw new Failure(42205, "Cannot import since found existing subjects");
            }
            // Confluent hard-deletes what is left (soft-deleted versions) before it switches to IMPORT.
            for (String k : affected) {
                subjects.get(k).keySet().forEach(v -> feed.versionRemoved(k, v));
                subjects.remove(k);
            }
        }
        settings.putMode(s, mode);
    }

    /** Whether a mode set on {@code key} (null: global, {@code :.ctx:}: a context) applies to {@code subject}. */
    private static boolean covers(String key, String subject) {
        if (key == null) {
            return true;
        }
        Name k = Name.parse(key);
        return k.name().isEmpty() ? Name.parse(subject).context().equals(k.context()) : key.equals(subject);
    }

    // ---- helpers ----

    private String requireSubject(String subject, boolean includeDeleted) {
        String s = qualify(subject);
        if (!exists(s, includeDeleted)) {
            throw new Failure(40401, "Subject '" + s + "' not found.");
        }
        return s;
    }

    private boolean exists(String subject, boolean includeDeleted) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        return versions != null && versions.values().stream().anyMatch(v -> includeDeleted || !v.deleted());
    }

    private Version find(String subject, String version, boolean includeDeleted) {
        TreeMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
        if ("latest".equals(version) || "-1".equals(version)) {
            return versions.descendingMap().values().stream().filter(v -> !v.deleted()).findFirst().orElse(null);
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw new Failure(42202, "The specified version '" + version + "' is not a valid version id. "
                    + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        Version found = versions.get(number);
        return found != null && (includeDeleted || !found.deleted()) ? found : null;
    }

    /** Every stored version of a context ({@code null}: of every context). */
    private List<Version> versionsIn(String context) {
        List<Version> all = new ArrayList<>();
        subjects.forEach((s, versions) -> {
            if (context == null || Name.parse(s).context().equals(context)) {
                all.addAll(versions.values());
            }
        });
        return all;
    }
}
