package dev.kafkalink.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.kafkalink.common.clients.ClusterReachability;
import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code kafka-link} command: a thin convenience over the Connect REST API and the link's state
 * topic, never a second path. Usage: see {@link #USAGE}.
 */
public final class KafkaLinkCli {

    static final String USAGE = """
            Usage: kafka-link [options] COMMAND
              status [--partitions] [--json] [--schema-registry-config FILE]
                                                    state, lag and offsets of every mirror topic of the link, its
                                                    restores (phase, diverged records per partition), and its
                                                    schema export: running, paused, failed and why, and the lag in
                                                    versions (measured now by comparing the two registries)
              pause|resume|promote|failover TOPIC... [--wait] [--timeout SECONDS]
                                                    edit the link's connector configuration through Connect's REST API
              reverse TOPIC... [--reverse-connector NAME] [--link-name NAME]
                                                    write (or edit) the link the other way that restores these topics
                                                    (the link this one restored from, or a new connector
                                                    <connector>-back of link <link>-back), and its offset sync
              restore TOPIC... [--reverse-link NAME]  restore these topics on this link from the link that mirrored them
                                                    the other way (mirror.topics.restore)
              schemas pause|resume|reset            pause, resume or reset (compare everything again, export stopped
                                                    subjects again) the link's schema export, through Connect's REST API
              verify TOPIC [--from OFFSET] [--to OFFSET]
                                                    compare a mirror topic with its source, record by record
            Options:
              --connect URL              Kafka Connect REST API (default http://localhost:8083)
              --connector NAME | --link NAME   which SourceLinkConnector (SchemaExportConnector for schemas),
                                         when several run
              --source-config FILE, --destination-config FILE
                                         client properties for settings the worker takes from a config provider
              --schema-registry-config FILE
                                         the schema export's registry settings that a config provider gives the
                                         worker, with the connector's key names (source.basic.auth.user.info=...)
            Exit codes: 0 done, 1 a difference, a timeout or an error, 2 a usage error.""";

    private KafkaLinkCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return execute(arguments, out);
        } catch (CliException e) {
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    private static int execute(Arguments arguments, PrintStream out) throws InterruptedException {
        ConnectRest connect = new ConnectRest(arguments.option("--connect").orElse("http://localhost:8083"));
        if ("schemas".equals(arguments.command())) {
            if (arguments.values().size() != 1) {
                throw new CliException("Say what to do with the schema export: pause, resume or reset");
            }
            out.println(SchemaExportCommand.run(connect, arguments.values().get(0), arguments.option("--connector").orElse(null),
                    arguments.option("--link").orElse(null), java.time.Instant.now()));
            return 0;
        }
        LinkConnection link = LinkConnection.find(connect, arguments.option("--connector").orElse(null),
                arguments.option("--link").orElse(null), arguments.option("--source-config").map(Path::of).orElse(null),
                arguments.option("--destination-config").map(Path::of).orElse(null));
        if ("reverse".equals(arguments.command()) || "restore".equals(arguments.command())) {
            if (arguments.values().isEmpty()) {
                throw new CliException("Name the topics to " + arguments.command());
            }
            out.println("reverse".equals(arguments.command())
                    ? reverse(connect, link, arguments) : restore(connect, link, arguments));
            return 0;
        }
        Optional<MirrorOperationCommand.Operation> operation = MirrorOperationCommand.Operation.of(arguments.command());
        if (operation.isPresent()) {
            if (arguments.values().isEmpty()) {
                throw new CliException("Name the mirror topics to " + arguments.command());
            }
            connect.putConfig(link.connector(), MirrorOperationCommand.edited(link.config(), operation.get(), arguments.values()));
            out.println("Connector " + link.connector() + ": " + arguments.command() + " " + String.join(", ", arguments.values()));
            if (!arguments.flag("--wait")) {
                return 0;
            }
            try (LinkStateStore store = openState(link, mirrorPartition -> false)) {
                Duration timeout = Duration.ofSeconds(Long.parseLong(arguments.option("--timeout").orElse("300")));
                return MirrorOperationCommand.await(store, operation.get(), arguments.values(), timeout, out) ? 0 : 1;
            }
        }
        // verify reads the offset map of the one topic it compares; status those of every mirror topic.
        Predicate<TopicPartition> maps = "verify".equals(arguments.command()) && arguments.values().size() == 1
                ? mirrorPartition -> mirrorPartition.topic().equals(arguments.values().get(0)) : mirrorPartition -> true;
        try (LinkStateStore store = openState(link, maps)) {
            switch (arguments.command()) {
                case "status" -> {
                    try (Admin source = KafkaClients.admin(link.source(), "kafka-link-status-source");
                         Admin destination = KafkaClients.admin(link.destination(), "kafka-link-status-destination");
                         RecordCounter counter = new RecordCounter(link.source())) {
                        List<MirrorStatus.TopicRow> rows = MirrorStatus.read(store, source, destination, counter);
                        List<SchemaExportStatus.Row> schemas = SchemaExportStatus.read(connect, link.linkName(),
                                LinkConnection.properties(arguments.option("--schema-registry-config").map(Path::of).orElse(null)));
                        if (arguments.flag("--json")) {
                            StatusPrinter.json(out, link.linkName(), rows, schemas, store.restores());
                        } else {
                            StatusPrinter.table(out, link.linkName(), rows, arguments.flag("--partitions"));
                            StatusPrinter.restoreTable(out, store.restores());
                            StatusPrinter.schemaTable(out, schemas);
                        }
                    }
                    return 0;
                }
                case "verify" -> {
                    if (arguments.values().size() != 1) {
                        throw new CliException("Name one mirror topic to verify");
                    }
                    MirrorVerifier.Result result = new MirrorVerifier(link.source(), link.destination(), store)
                            .verify(arguments.values().get(0), arguments.option("--from").map(Long::valueOf).orElse(null),
                                    arguments.option("--to").map(Long::valueOf).orElse(null));
                    if (result.difference().isPresent()) {
                        out.println("DIFFERENT after " + result.compared() + " identical records: " + result.difference().get());
                        return 1;
                    }
                    out.println("IDENTICAL: " + result.compared() + " records compared (offset, key, value, headers, timestamp)");
                    return 0;
                }
                default -> throw new CliException("Unknown command " + arguments.command() + "\n" + USAGE);
            }
        }
    }

    private static String reverse(ConnectRest connect, LinkConnection link, Arguments arguments) {
        Map<String, Map<String, String>> connectors = connect.connectorConfigs();
        String target = arguments.option("--reverse-connector")
                .or(() -> ReverseCommand.sourceLink(connectors, link.config().get(ReverseCommand.REVERSE_LINK)))
                .orElse(link.connector() + "-back");
        Map<String, String> existing = connectors.get(target);
        String reverseLink = existing != null ? existing.get("link.name")
                : arguments.option("--link-name").orElse(link.linkName() + "-back");
        Map<String, String> base = existing != null ? existing : ReverseCommand.reversed(link.config(), reverseLink);
        connect.putConfig(target, ReverseCommand.withRestore(base, arguments.values(), link.linkName()));
        String said = "Connector " + target + " (link " + reverseLink + "): restores " + String.join(", ", arguments.values())
                + " from link " + link.linkName();
        Optional<Map.Entry<String, Map<String, String>>> offsets = ReverseCommand.offsetSync(connectors, link.linkName());
        if (offsets.isPresent() && ReverseCommand.offsetSync(connectors, reverseLink).isEmpty()) {
            String name = offsets.get().getKey() + "-back";
            connect.putConfig(name, ReverseCommand.reversed(offsets.get().getValue(), reverseLink));
            said += "\nConnector " + name + ": the offset sync of link " + reverseLink;
        }
        return said;
    }

    private static String restore(ConnectRest connect, LinkConnection link, Arguments arguments) {
        String reverseLink = arguments.option("--reverse-link").orElse(link.config().get(ReverseCommand.REVERSE_LINK));
        if (reverseLink == null || reverseLink.isBlank()) {
            throw new CliException("Name the link that mirrored these topics the other way with --reverse-link");
        }
        connect.putConfig(link.connector(), ReverseCommand.withRestore(link.config(), arguments.values(), reverseLink));
        return "Connector " + link.connector() + ": restores " + String.join(", ", arguments.values()) + " from link " + reverseLink;
    }

    /** The link's state, read from the destination; a destination that does not answer is said so, naming it. */
    private static LinkStateStore openState(LinkConnection link, Predicate<TopicPartition> mapsLoaded) {
        ClusterReachability.problem(link.destination(), "destination").ifPresent(problem -> {
            throw new CliException("Cannot read the state of link " + link.linkName() + ": " + problem);
        });
        return LinkStateStore.openToRead(link.destination(), link.stateTopic(), "kafka-link-cli", mapsLoaded)
                .orElseThrow(() -> new CliException("The destination cluster has no state topic " + link.stateTopic()
                        + ": the link has not started yet"));
    }

    /** The command line: a command, its values, and --options (some with a value). */
    record Arguments(String command, List<String> values, Map<String, String> options) {

        private static final List<String> WITH_VALUE = List.of("--connect", "--connector", "--link", "--source-config",
                "--destination-config", "--schema-registry-config", "--timeout", "--from", "--to", "--link-name", "--reverse-link",
                "--reverse-connector");
        private static final List<String> FLAGS = List.of("--wait", "--json", "--partitions");

        static Arguments parse(String[] args) {
            String command = null;
            List<String> values = new ArrayList<>();
            Map<String, String> options = new java.util.HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (WITH_VALUE.contains(arg)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    options.put(arg, args[++i]);
                } else if (FLAGS.contains(arg)) {
                    options.put(arg, "true");
                } else if (arg.startsWith("--")) {
                    throw new IllegalArgumentException("Unknown option " + arg);
                } else if (command == null) {
                    command = arg;
                } else {
                    values.add(arg);
                }
            }
            if (command == null) {
                throw new IllegalArgumentException("Give a command");
            }
            return new Arguments(command, values, options);
        }

        Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name));
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }
    }
}
