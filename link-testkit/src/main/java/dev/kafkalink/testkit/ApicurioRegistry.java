package dev.kafkalink.testkit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real schema registry for integration tests: Apicurio Registry 3.3.3, run as a child process,
 * serving the Confluent Schema Registry API. It keeps its data in memory, so each instance starts
 * empty. The packaging build unpacks the app and passes its folder as {@value #HOME_PROPERTY}.
 * Apicurio needs Java 21 or newer, while the build runs on 17, so a newer JDK is looked up.
 */
public final class ApicurioRegistry implements AutoCloseable {

    public static final String HOME_PROPERTY = "kafkalink.apicurio.home";
    private static final int MINIMUM_JAVA = 21;
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(120);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(20);
    private static final int LOG_LINES_IN_ERRORS = 40;

    private final Process process;
    private final Thread killOnExit;
    private final String url;
    private final Path log;

    private ApicurioRegistry(Process process, Thread killOnExit, String url, Path log) {
        this.process = process;
        this.killOnExit = killOnExit;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts a registry and waits until its Confluent API answers.
     *
     * @param name names the log file {@code target/it-logs/apicurio-<name>.log}
     */
    public static ApicurioRegistry start(String name) throws IOException, InterruptedException {
        Path home = appHome();
        Path java = findJava().orElseThrow(() -> new IllegalStateException(
                "Apicurio Registry needs Java " + MINIMUM_JAVA + " or newer, and none was found in JAVA21_HOME, "
                        + "JAVA_HOME, this JVM or /usr/lib/jvm. Install one or set JAVA21_HOME."));
        int httpPort = freePort();
        // The management interface (health, metrics) is always on (fixed when Apicurio was built):
        // keep it off the default 0.0.0.0:9000 so that two instances, or anything else on 9000, do not clash.
        int managementPort = freePort();
        Path log = Path.of("target", "it-logs", "apicurio-" + name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());

        Process process = new ProcessBuilder(java.toString(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-jar", "quarkus-run.jar")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // A crashed or killed test run must not leave a registry running on the shared machine.
        Thread killOnExit = new Thread(process::destroyForcibly, "kill-apicurio-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);

        ApicurioRegistry registry = new ApicurioRegistry(process, killOnExit,
                "http://127.0.0.1:" + httpPort + "/apis/ccompat/v7", log);
        try {
            registry.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** The Confluent API base URL, such as {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return url;
    }

    /** Stops the process: politely first, then forcibly if it has not exited within 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException jvmIsAlreadyExiting) {
            // The hook runs anyway; nothing to undo.
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(url + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
        String lastAnswer = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before it was ready. " + logTail());
            }
            try {
                HttpResponse<String> response = http.send(subjects, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (ConnectException notListeningYet) {
                lastAnswer = "connection refused";
            } catch (IOException e) {
                lastAnswer = e.toString();
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IllegalStateException("Apicurio Registry did not answer GET " + url + "/subjects within "
                + STARTUP_DEADLINE.toSeconds() + " s (last: " + lastAnswer + "). " + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size());
        return "Last lines of " + log + ":\n" + String.join("\n", tail);
    }

    private static Path appHome() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("System property " + HOME_PROPERTY + " is not set: run this test "
                    + "through 'mvn verify' (the packaging build unpacks Apicurio Registry and sets it).");
        }
        Path path = Path.of(home);
        if (!Files.isRegularFile(path.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(HOME_PROPERTY + "=" + home + " holds no quarkus-run.jar: "
                    + "run 'mvn verify' (or the packaging module's pre-integration-test phase) to unpack it.");
        }
        return path;
    }

    /** The java launcher of the newest suitable JDK among the usual places, in order of preference. */
    private static Optional<Path> findJava() throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (String variable : List.of("JAVA21_HOME", "JAVA_HOME")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                candidates.add(Path.of(value));
            }
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Optional<Path> preferred = candidates.stream().filter(ApicurioRegistry::isSuitable).findFirst();
        if (preferred.isPresent()) {
            return preferred.map(ApicurioRegistry::launcher);
        }
        Path systemJvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(systemJvms)) {
            return Optional.empty();
        }
        try (Stream<Path> installed = Files.list(systemJvms)) {
            return installed.filter(ApicurioRegistry::isSuitable)
                    .max(Comparator.comparingInt(ApicurioRegistry::majorVersion))
                    .map(ApicurioRegistry::launcher);
        }
    }

    private static boolean isSuitable(Path jdk) {
        return majorVersion(jdk) >= MINIMUM_JAVA && Files.isExecutable(launcher(jdk));
    }

    private static Path launcher(Path jdk) {
        return jdk.resolve("bin").resolve("java");
    }

    /** Reads JAVA_VERSION from the JDK's {@code release} file; 0 when it cannot tell. */
    private static int majorVersion(Path jdk) {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            return 0;
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        // "25.0.3", "21", or the old style "1.8.0_412".
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
