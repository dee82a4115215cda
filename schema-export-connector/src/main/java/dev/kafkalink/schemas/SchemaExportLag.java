package dev.kafkalink.schemas;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.config.LinkConfig;
import dev.kafkalink.schemas.registry.RegistryClient;

import org.apache.kafka.common.config.ConfigDef;

/**
 * How many versions a schema export's destination lacks, measured live from its configuration: the
 * selected source subjects (soft-deleted versions included) against their destination subjects, named
 * the way the export names them (contexts, rename format). A version counts as missing exactly when
 * {@link SchemaExportSweep} would export it. For {@code kafka-link status}, which cannot read a worker's
 * metrics; the export's own {@code lag-versions} metric says the same after each sweep.
 */
public final class SchemaExportLag {

    private static final int PARALLEL_REQUESTS = 8;

    /** {@code ${provider:[path:]key}} as Connect's ConfigTransformer reads it; {@code ${subject}} (no provider) is not one. */
    private static final Pattern CONFIG_PROVIDER_REFERENCE = Pattern.compile("\\$\\{[^}]*?:[^}]*?}");
    /** The settings the measure reads; the others (the change feed's cluster, controls) do not matter to it. */
    private static final Set<String> SETTINGS_READ = settingsRead();

    /**
     * The result: versions missing on the destination in total, the subjects behind with how many each (most
     * behind first, then by name), and how many selected subjects were compared.
     */
    public record Lag(long versionsBehind, Map<String, Integer> subjectsBehind, int subjectsCompared) {
    }

    private SchemaExportLag() {
    }

    /**
     * Measures the lag of the export that {@code connectorConfig} (as Connect's REST API returns it, with
     * values a config provider would resolve already replaced) describes.
     *
     * @throws org.apache.kafka.common.config.ConfigException when the registry settings are invalid
     * @throws org.apache.kafka.connect.errors.ConnectException when a registry refuses or does not answer
     */
    public static Lag measure(Map<String, String> connectorConfig) {
        SchemaExportConfig config = new SchemaExportConfig(settingsRead(connectorConfig));
        SubjectSelection selection = config.subjects();
        SubjectNaming naming = config.naming();
        // RegistryClient holds only a JDK HttpClient (nothing to close on Java 17); the pool is ours to stop.
        RegistryClient source = new RegistryClient(config.registry(ClusterRole.SOURCE));
        RegistryClient destination = new RegistryClient(config.registry(ClusterRole.DESTINATION));
        List<String> subjects = source.subjects(selection.listingPrefix(), true).stream().filter(selection::matches)
                .distinct().toList();
        Map<String, Integer> behind = parallel(subjects, subject -> {
            List<Integer> sourceVersions = source.versions(subject, true);
            return sourceVersions.isEmpty() ? 0
                    : missing(sourceVersions, destination.versions(naming.destination(subject), true));
        });
        return summary(behind, subjects.size());
    }

    /**
     * The settings the measure reads whose values come from a config provider ({@code ${file:...}}), which
     * only the worker resolves: the measure needs them given another way.
     */
    public static List<String> fromConfigProvider(Map<String, String> connectorConfig) {
        return settingsRead(connectorConfig).entrySet().stream().filter(entry -> entry.getValue() != null
                && CONFIG_PROVIDER_REFERENCE.matcher(entry.getValue()).find()).map(Map.Entry::getKey).sorted().toList();
    }

    /** How many of the source's versions the destination lacks. */
    static int missing(List<Integer> sourceVersions, List<Integer> destinationVersions) {
        Set<Integer> present = new HashSet<>(destinationVersions);
        return (int) sourceVersions.stream().filter(version -> !present.contains(version)).count();
    }

    /** The subjects behind (count above 0), most behind first, then by name. */
    static Lag summary(Map<String, Integer> missingBySubject, int subjectsCompared) {
        Map<String, Integer> behind = missingBySubject.entrySet().stream().filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        long total = behind.values().stream().mapToLong(Integer::longValue).sum();
        return new Lag(total, behind, subjectsCompared);
    }

    private static Map<String, String> settingsRead(Map<String, String> connectorConfig) {
        Map<String, String> read = new LinkedHashMap<>();
        connectorConfig.forEach((key, value) -> {
            if (SETTINGS_READ.contains(key)) {
                read.put(key, value);
            }
        });
        return read;
    }

    private static Set<String> settingsRead() {
        ConfigDef registries = new ConfigDef();
        RegistryConnectionConfig.define(registries, ClusterRole.SOURCE);
        RegistryConnectionConfig.define(registries, ClusterRole.DESTINATION);
        Set<String> names = new HashSet<>(registries.names());
        names.addAll(List.of(LinkConfig.LINK_NAME, SchemaExportConfig.SUBJECTS, SchemaExportConfig.CONTEXT_TYPE,
                SchemaExportConfig.CONTEXT_NAME, SchemaExportConfig.RENAME_FORMAT, SchemaExportConfig.REQUEST_TIMEOUT_MS));
        return Set.copyOf(names);
    }

    /** Each subject's count, {@value #PARALLEL_REQUESTS} at a time; the first failure is rethrown. */
    private static Map<String, Integer> parallel(List<String> subjects, Function<String, Integer> count) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS, runnable -> {
            Thread thread = new Thread(runnable, "kafka-link-schema-lag");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return ParallelCalls.map(subjects, count, pool);
        } finally {
            pool.shutdownNow();
        }
    }
}
