package dev.kafkalink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Connect worker in a JVM of its own ({@code org.apache.kafka.connect.cli.ConnectDistributed}, as
 * {@code connect-distributed.sh} runs it), so that a test can kill it without a clean shutdown
 * ({@link #kill()}: SIGKILL), as a crashed host or an OOM-killed container would: no task is stopped,
 * no producer flushed, no group left. The embedded workers of {@code EmbeddedConnectCluster} can only
 * be stopped cleanly.
 *
 * <p>Give it {@link LinkClusters#workerProperties()}: it then joins the same Connect cluster (group and
 * internal topics) and loads the plugin from the same folder. Its classpath is this JVM's, which holds
 * Kafka's jars and none of the plugin's, unless a {@link Launch} gives the jars of another Kafka version
 * (the version matrix). It logs to {@code target/it-logs/worker-<port>.log}.
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path log;

    private ConnectWorkerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a worker with these settings (a REST port of its own is added) and waits until its REST API answers. */
    public static ConnectWorkerProcess start(Map<String, String> workerProperties) throws IOException, InterruptedException {
        return start(workerProperties, Launch.thisJvm());
    }

    /**
     * How to run the worker's JVM: the classpath (Kafka's jars of the worker's version, none of the
     * plugin's), whether that version logs through log4j 1 (3.x: reload4j) or log4j2 (4.x), and more JVM options.
     */
    public record Launch(String classpath, boolean log4j1, List<String> jvmOptions) {

        /** This JVM's classpath, which holds the build's Kafka (log4j2). */
        public static Launch thisJvm() {
            return new Launch(System.getProperty("java.class.path"), false, List.of());
        }

        /** The jars of a worker of another version, in a folder ({@code connect-workers/target/workers/<version>}). */
        public static Launch workerJars(Path folder, String version) throws IOException {
            try (var jars = Files.list(folder)) {
                String classpath = jars.filter(jar -> jar.toString().endsWith(".jar")).map(Path::toString).sorted()
                        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
                return new Launch(classpath, version.startsWith("3."), List.of());
            }
        }

        /** Also starts this Java agent ({@code -javaagent:jar=arguments}), a metrics exporter for example. */
        public Launch withJavaAgent(Path jar, String arguments) {
            List<String> options = new ArrayList<>(jvmOptions);
            options.add("-javaagent:" + jar.toAbsolutePath() + "=" + arguments);
            return new Launch(classpath, log4j1, List.copyOf(options));
        }

        /** Also publishes the worker's MBeans on a JMX port of its own, on the loopback address only. */
        public Launch withJmx(int port) {
            List<String> options = new ArrayList<>(jvmOptions);
            options.addAll(List.of("-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                    "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                    "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false"));
            return new Launch(classpath, log4j1, List.copyOf(options));
        }
    }

    /** Starts a worker as {@code launch} says, with these settings (a REST port of its own is added). */
    public static ConnectWorkerProcess start(Map<String, String> workerProperties, Launch launch)
            throws IOException, InterruptedException {
        int port = freePort();
        Path folder = Files.createDirectories(Path.of("target", "it-logs"));
        Path log = folder.resolve("worker-" + port + ".log").toAbsolutePath();
        Properties properties = new Properties();
        properties.putAll(workerProperties);
        properties.put("listeners", "http://localhost:" + port);
        Path propertiesFile = Files.createTempFile("connect-worker-" + port, ".properties");
        try (var writer = Files.newBufferedWriter(propertiesFile)) {
            properties.store(writer, "a Connect worker of a test");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.add(launch.log4j1() ? "-Dlog4j.configuration=" + log4j1Config(port, log).toUri()
                : "-Dlog4j2.configurationFile=" + log4j2Config(port, log).toUri());
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-cp", launch.classpath(), "org.apache.kafka.connect.cli.ConnectDistributed", propertiesFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("worker-" + port + ".out").toFile())).start();
        ConnectWorkerProcess worker = new ConnectWorkerProcess(process, port, log);
        try {
            worker.awaitRestApi();
        } catch (RuntimeException | InterruptedException e) {
            worker.kill();
            throw e;
        }
        return worker;
    }

    private static Path log4j2Config(int port, Path log) throws IOException {
        Path config = Files.createTempFile("connect-worker-" + port, "-log4j2.properties");
        Files.writeString(config, String.join("\n",
                "appender.file.type = File", "appender.file.name = file", "appender.file.fileName = " + log,
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n",
                "rootLogger.level = warn", "rootLogger.appenderRef.file.ref = file",
                "logger.link.name = dev.kafkalink", "logger.link.level = debug",
                "logger.connect.name = org.apache.kafka.connect.runtime.distributed", "logger.connect.level = info", ""));
        return config;
    }

    /** Kafka 3.x workers log through log4j 1 (reload4j). */
    private static Path log4j1Config(int port, Path log) throws IOException {
        Path config = Files.createTempFile("connect-worker-" + port, "-log4j.properties");
        Files.writeString(config, String.join("\n",
                "log4j.rootLogger=WARN, file", "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.File=" + log, "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=%d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n",
                "log4j.logger.dev.kafkalink=DEBUG", "log4j.logger.org.apache.kafka.connect.runtime.distributed=INFO", ""));
        return config;
    }

    /** How Connect names this worker in a connector's status ({@code worker_id}). */
    public String workerId() {
        return "localhost:" + port;
    }

    public String restUrl() {
        return "http://localhost:" + port + "/";
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: the JVM ends at once, in the middle of whatever its tasks were doing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The worker process on port " + port + " did not die");
        }
    }

    /** SIGSTOP: every thread of the worker stands still, as in a long GC pause; {@link #resume} goes on. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the paused worker goes on where it stood, unaware of the time that passed. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitRestApi() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "connectors")).timeout(Duration.ofSeconds(5)).build();
        Waits.waitFor(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue());
            }
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }, START_DEADLINE, () -> "The Connect worker on port " + port + " did not answer (alive: " + process.isAlive()
                + "); see " + log + " and its .out file");
    }

    /** A port nobody listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
