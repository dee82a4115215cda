package dev.kafkalink.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.kafkalink.testkit.ConnectWorkerProcess;
import dev.kafkalink.testkit.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus} package; {@code .ci/run} installs it) scraping
 * exporter endpoints every second and evaluating alert rules every second, queried over its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The prometheus binary on the PATH or in /usr/bin, if installed. */
    static Optional<Path> binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (!folder.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static PrometheusServer start(Path binary, List<String> targets, Path ruleFile) throws IOException, InterruptedException {
        Path home = Files.createDirectories(Path.of("target", "prometheus-" + System.nanoTime()).toAbsolutePath());
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                "rule_files: ['" + ruleFile + "']",
                "scrape_configs:",
                "  - job_name: kafka-connect",
                "    static_configs: [{targets: [" + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "]}]",
                ""));
        int port = ConnectWorkerProcess.freePort();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(home.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port);
        Waits.waitFor(() -> process.isAlive() && server.get("/-/ready").statusCode() == 200, Duration.ofSeconds(60),
                () -> "Prometheus did not start; see " + home.resolve("prometheus.log"));
        return server;
    }

    /** The result of an instant query: a list of {metric, value}. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return data("/api/v1/query?query=" + encode(promql)).path("result");
    }

    /** A range query over the last {@code seconds}, one point a second. */
    JsonNode queryRange(String promql, long seconds) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() / 1000;
        return data("/api/v1/query_range?query=" + encode(promql) + "&start=" + (end - seconds) + "&end=" + end + "&step=1")
                .path("result");
    }

    /** Alerts pending or firing now. */
    JsonNode alerts() throws IOException, InterruptedException {
        return data("/api/v1/alerts").path("alerts");
    }

    private JsonNode data(String path) throws IOException, InterruptedException {
        JsonNode answer = JSON.readTree(get(path).body());
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("Prometheus answered " + answer + " to " + path);
        }
        return answer.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
