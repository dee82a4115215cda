package dev.kafkalink.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.kafkalink.common.config.ClusterConnectionConfig;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.config.LinkConfig;
import dev.kafkalink.schemas.registry.RegistrySettings;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of {@link SchemaExportConnector}; every key is declared here once. */
public final class SchemaExportConfig extends AbstractConfig {

    public static final String SUBJECTS = "schema.subjects";
    public static final String CONTEXT_TYPE = "schema.context.type";
    public static final String CONTEXT_NAME = "schema.context.name";
    public static final String RENAME_FORMAT = "schema.subject.rename.format";
    public static final String CONFIG_SYNC = "schema.config.sync";
    public static final String DELETE_SYNC = "schema.delete.sync";
    public static final String IMPORT_MODE = "schema.import.mode.enable";
    public static final String SYNC_MS = "schema.export.sync.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String RETRY_TIMEOUT_MS = "schema.registry.retry.timeout.ms";
    public static final String PAUSED = "schema.export.paused";
    public static final String RESET = "schema.export.reset";
    public static final String FEED_TOPIC = "source.schema.registry.topic";
    /** Kafka client settings of the cluster that holds the source registry's storage topic. */
    public static final String FEED_KAFKA_PREFIX = "source.kafka.";

    static final String SUBJECT_PLACEHOLDER = "${subject}";
    private static final Pattern CONTEXT = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final String GROUP_SCHEMAS = "Schemas";
    private static final String GROUP_FEED = "Source registry change feed";
    private static final String GROUP_CONTROL = "Export control";
    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    /** Where exported subjects go on the destination. */
    public enum ContextType { NONE, AUTO, CUSTOM }

    public SchemaExportConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
    }

    /** The definition of every key, for the connector, validation and the generated reference docs. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef();
        LinkConfig.defineName(def);
        RegistryConnectionConfig.define(def, ClusterRole.SOURCE);
        RegistryConnectionConfig.define(def, ClusterRole.DESTINATION);
        def.define(FEED_TOPIC, Type.STRING, "", Importance.MEDIUM,
                "The source registry's storage topic, read as a change feed so that a sweep only looks at subjects that "
                        + "changed: '_schemas' for Confluent Schema Registry, Karapace and Redpanda. Needs "
                        + FEED_KAFKA_PREFIX + "bootstrap.servers. Empty: every sweep lists subjects through REST.",
                GROUP_FEED, 1, Width.MEDIUM, "Source registry topic");
        ClusterConnectionConfig.define(def, FEED_KAFKA_PREFIX, GROUP_FEED, false);
        int order = 0;
        def.define(SUBJECTS, Type.LIST, "*", SubjectSelection.validator(), Importance.HIGH,
                "Subjects to export, comma separated: '*' every subject of the default context, ':*:' every subject of "
                        + "every context, a name ('orders-value', ':.ctx:orders-value') or a prefix ending in '*' ('orders-*').",
                GROUP_SCHEMAS, ++order, Width.LONG, "Subjects");
        def.define(CONTEXT_TYPE, Type.STRING, ContextType.NONE.name(),
                ConfigDef.CaseInsensitiveValidString.in("NONE", "AUTO", "CUSTOM"), Importance.HIGH,
                "Where subjects go on the destination: NONE the same subjects and ids in the same contexts (what mirrored "
                        + "records, which carry the source's schema ids, need); AUTO into the context '.<link.name>'; CUSTOM "
                        + "into the context " + CONTEXT_NAME + ".",
                GROUP_SCHEMAS, ++order, Width.SHORT, "Context type");
        def.define(CONTEXT_NAME, Type.STRING, "", contextNameValidator(), Importance.MEDIUM,
                "The destination context for " + CONTEXT_TYPE + "=CUSTOM, without dots around it, for example 'aws'.",
                GROUP_SCHEMAS, ++order, Width.MEDIUM, "Context name");
        def.define(RENAME_FORMAT, Type.STRING, SUBJECT_PLACEHOLDER, renameValidator(), Importance.MEDIUM,
                "Destination subject name, where ${subject} is the source subject's name (without its context), for "
                        + "example 'aws.${subject}' next to cluster.link.prefix=aws. on the source link.",
                GROUP_SCHEMAS, ++order, Width.MEDIUM, "Subject rename format");
        def.define(CONFIG_SYNC, Type.BOOLEAN, true, Importance.MEDIUM,
                "Copy configs: the global one (or, with a destination context, the context's), each source context's "
                        + "own and each exported subject's own, with the compatibility level and, on Confluent 7.4+, the data contract defaults and "
                        + "overrides (defaultMetadata, overrideMetadata, defaultRuleSet, overrideRuleSet), alias and normalize. "
                        + "A subject config deleted on the source is deleted on the destination.",
                GROUP_SCHEMAS, ++order, Width.SHORT, "Sync compatibility settings");
        def.define(DELETE_SYNC, Type.BOOLEAN, false, Importance.MEDIUM,
                "Follow hard deletes: a version permanently deleted on the source is permanently deleted on the "
                        + "destination. Soft deletes are always followed.",
                GROUP_SCHEMAS, ++order, Width.SHORT, "Sync hard deletes");
        def.define(IMPORT_MODE, Type.BOOLEAN, true, Importance.MEDIUM,
                "Put the destination subjects (or the destination context) the connector writes into IMPORT mode, "
                        + "which registries require for registering with a given id and version and which keeps "
                        + "producers from registering there. Set false when an operator manages the mode.",
                GROUP_SCHEMAS, ++order, Width.SHORT, "Set IMPORT mode");
        def.define(SYNC_MS, Type.LONG, 5_000L, Range.between(100L, 86_400_000L), Importance.MEDIUM,
                "How often the source registry is compared with the destination.",
                GROUP_SCHEMAS, ++order, Width.SHORT, "Sync interval (ms)");
        def.define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, Range.between(1_000, 600_000), Importance.LOW,
                "Timeout of one HTTP request to a registry.", GROUP_SCHEMAS, ++order, Width.SHORT, "Request timeout (ms)");
        def.define(RETRY_TIMEOUT_MS, Type.LONG, 300_000L, Range.atLeast(-1L), Importance.LOW,
                "How long an unreachable registry is retried (with backoff) before the task fails with the reason in its "
                        + "status; -1 retries for ever.",
                GROUP_SCHEMAS, ++order, Width.SHORT, "Retry timeout (ms)");
        defineControls(def);
        return def;
    }

    /** Pause, resume and reset, as configuration so that deploy pipelines and {@code kafka-link schemas} drive them. */
    private static void defineControls(ConfigDef def) {
        def.define(PAUSED, Type.BOOLEAN, false, Importance.MEDIUM,
                "Pause the export: the task keeps running but asks neither registry anything and writes nothing "
                        + "(metric export-paused is 1). Set back to false to resume: the first sweep then compares every "
                        + "subject with the destination.",
                GROUP_CONTROL, 1, Width.SHORT, "Paused");
        def.define(RESET, Type.STRING, "", Importance.LOW,
                "Change to any new value (a time stamp, for example) to reset the export: every subject is compared with "
                        + "the destination from scratch, and subjects stopped before are exported again, for example after "
                        + "the destination was repaired. Connect restarts the task on any change of configuration; this "
                        + "key makes that change on purpose.",
                GROUP_CONTROL, 2, Width.MEDIUM, "Reset token");
    }

    /** Problems of key combinations, as (key, message). */
    List<String[]> contradictions() {
        List<String[]> problems = new ArrayList<>();
        boolean custom = contextType() == ContextType.CUSTOM;
        if (custom && getString(CONTEXT_NAME).isEmpty()) {
            problems.add(new String[] {CONTEXT_NAME, "Name the destination context: " + CONTEXT_TYPE + " is CUSTOM"});
        }
        if (!custom && !getString(CONTEXT_NAME).isEmpty()) {
            problems.add(new String[] {CONTEXT_NAME, "Only used with " + CONTEXT_TYPE + "=CUSTOM (it is "
                    + contextType() + "): remove it or set the type"});
        }
        boolean feedTopic = !getString(FEED_TOPIC).isBlank();
        boolean feedCluster = !getList(FEED_KAFKA_PREFIX + "bootstrap.servers").isEmpty();
        if (feedTopic && !feedCluster) {
            problems.add(new String[] {FEED_KAFKA_PREFIX + "bootstrap.servers", "Name the brokers that hold "
                    + getString(FEED_TOPIC) + " (" + FEED_TOPIC + " is set)"});
        }
        if (!feedTopic && feedCluster) {
            problems.add(new String[] {FEED_TOPIC, "Name the source registry's storage topic (usually _schemas): "
                    + FEED_KAFKA_PREFIX + "bootstrap.servers is set"});
        }
        problems.addAll(RegistryConnectionConfig.contradictions(this, ClusterRole.SOURCE));
        problems.addAll(RegistryConnectionConfig.contradictions(this, ClusterRole.DESTINATION));
        return problems;
    }

    public String linkName() {
        return getString(LinkConfig.LINK_NAME);
    }

    ContextType contextType() {
        return ContextType.valueOf(getString(CONTEXT_TYPE).toUpperCase(Locale.ROOT));
    }

    SubjectSelection subjects() {
        return SubjectSelection.parse(getList(SUBJECTS));
    }

    SubjectNaming naming() {
        String context = switch (contextType()) {
            case NONE -> null;
            case AUTO -> linkName();
            case CUSTOM -> getString(CONTEXT_NAME);
        };
        return new SubjectNaming(context, getString(RENAME_FORMAT));
    }

    boolean configSync() {
        return getBoolean(CONFIG_SYNC);
    }

    boolean deleteSync() {
        return getBoolean(DELETE_SYNC);
    }

    boolean setImportMode() {
        return getBoolean(IMPORT_MODE);
    }

    boolean paused() {
        return getBoolean(PAUSED);
    }

    long syncIntervalMs() {
        return getLong(SYNC_MS);
    }

    long retryTimeoutMs() {
        return getLong(RETRY_TIMEOUT_MS);
    }

    /** The source registry's storage topic, when it is read as a change feed. */
    Optional<String> feedTopic() {
        String topic = getString(FEED_TOPIC).trim();
        return topic.isEmpty() ? Optional.empty() : Optional.of(topic);
    }

    /** Client settings of the cluster holding the feed topic; holds secrets, never log it. */
    Map<String, Object> feedClientSettings() {
        return ClusterConnectionConfig.clientSettings(this, FEED_KAFKA_PREFIX);
    }

    RegistrySettings registry(ClusterRole role) {
        return RegistryConnectionConfig.settings(this, role, Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS)));
    }

    private static ConfigDef.Validator contextNameValidator() {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            String name = (String) value;
            if (name != null && !name.isEmpty() && (!CONTEXT.matcher(name).matches() || name.startsWith("."))) {
                throw new ConfigException(key, value, "Use letters, digits, '.', '_' and '-', not starting with '.' "
                        + "(the connector adds the leading dot)");
            }
        }, () -> "a context name such as 'aws'");
    }

    private static ConfigDef.Validator renameValidator() {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            String format = (String) value;
            if (format == null || !format.contains(SUBJECT_PLACEHOLDER)) {
                throw new ConfigException(key, value, "Must contain " + SUBJECT_PLACEHOLDER
                        + " (the source subject name), for example 'aws.${subject}'");
            }
            if (format.startsWith(":")) {
                throw new ConfigException(key, value, "Must not name a context (':.ctx:'); use " + CONTEXT_TYPE);
            }
        }, () -> "a format containing ${subject}");
    }
}
