package dev.kafkalink.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Connect REST API of a worker in another JVM (of any version), as users and deploy pipelines
 * call it: plugins, validate, create, status.
 */
final class WorkerRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;

    WorkerRest(String url) {
        this.url = url.endsWith("/") ? url : url + "/";
    }

    /** The connector classes the worker found. */
    List<String> connectorPlugins() {
        List<String> classes = new ArrayList<>();
        call("GET", "connector-plugins", null).forEach(plugin -> classes.add(plugin.path("class").asText()));
        return classes;
    }

    /** {@code PUT /connector-plugins/<class>/config/validate}: every error message, as key: message. */
    List<String> validationErrors(Map<String, String> config) {
        JsonNode answer = call("PUT", "connector-plugins/" + config.get("connector.class") + "/config/validate", config);
        List<String> errors = new ArrayList<>();
        answer.path("configs").forEach(entry -> entry.path("value").path("errors").forEach(error ->
                errors.add(entry.path("value").path("name").asText() + ": " + error.asText())));
        return errors;
    }

    void putConnector(String name, Map<String, String> config) {
        call("PUT", "connectors/" + name + "/config", config);
    }

    /** The connector's status ({@code connector.state}, {@code tasks[].state}, {@code trace}), or null before it has one. */
    JsonNode status(String name) {
        return callOrNull("GET", "connectors/" + name + "/status");
    }

    /** True when the connector and at least one task run, and no task is in another state. */
    boolean running(String name) {
        JsonNode status = status(name);
        if (status == null || !"RUNNING".equals(status.path("connector").path("state").asText())
                || status.path("tasks").isEmpty()) {
            return false;
        }
        for (JsonNode task : status.path("tasks")) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** A failed connector or task, with its trace, to stop waiting early. */
    String failure(String name) {
        JsonNode status = status(name);
        if (status == null) {
            return null;
        }
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            return name + " FAILED: " + status.path("connector").path("trace").asText();
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                return name + " task " + task.path("id").asInt() + " FAILED: " + task.path("trace").asText();
            }
        }
        return null;
    }

    private JsonNode call(String method, String path, Object body) {
        JsonNode answer = callOrNull(method, path, body);
        if (answer == null) {
            throw new IllegalStateException(method + " " + url + path + ": not found");
        }
        return answer;
    }

    private JsonNode callOrNull(String method, String path) {
        return callOrNull(method, path, null);
    }

    private JsonNode callOrNull(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + url + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
