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
 * Kafka's jars and none of the plugin's. It logs to {@code target/it-logs/worker-<port>.log}.
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
        Path logConfig = Files.createTempFile("connect-worker-" + port, "-log4j2.properties");
        Files.writeString(logConfig, String.join("\n",
                "appender.file.type = File", "appender.file.name = file", "appender.file.fileName = " + log,
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n",
                "rootLogger.level = warn", "rootLogger.appenderRef.file.ref = file",
                "logger.link.name = dev.kafkalink", "logger.link.level = debug",
                "logger.connect.name = org.apache.kafka.connect.runtime.distributed", "logger.connect.level = info", ""));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + logConfig.toUri(),
                "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.connect.cli.ConnectDistributed", propertiesFile.toString()));
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
