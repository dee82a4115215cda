package dev.kafkalink.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few Kafka Connect REST calls the command makes: list connectors with their configs, read a status, change one. */
final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConnectRest(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Every connector's configuration, by connector name. */
    Map<String, Map<String, String>> connectorConfigs() {
        JsonNode expanded = send("GET", "/connectors?expand=info", null);
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        expanded.fields().forEachRemaining(entry -> configs.put(entry.getKey(),
                JSON.convertValue(entry.getValue().path("info").path("config"), new TypeReference<Map<String, String>>() { })));
        return configs;
    }

    /** {@code GET /connectors/NAME/status}: the connector's and its tasks' states, with the trace of a failed one. */
    JsonNode connectorStatus(String connector) {
        return send("GET", "/connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20") + "/status",
                null);
    }

    /** Replaces a connector's configuration, as {@code PUT /connectors/NAME/config} does (Connect validates it first). */
    void putConfig(String connector, Map<String, String> config) {
        send("PUT", "/connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20") + "/config",
                JSON.valueToTree(config));
    }

    private JsonNode send(String method, String path, JsonNode body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new CliException("Kafka Connect at " + url + " answered " + method + " " + path + " with HTTP "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException("Cannot reach Kafka Connect at " + url + " (" + e.getMessage() + "); set --connect");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted");
        }
    }
}
