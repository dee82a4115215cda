package dev.kafkalink.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a test does with a registry through its Confluent REST API: register, read, delete, set modes
 * and compatibility. The tests' own client, independent of the connector's (which the worker loads
 * from the archive and the tests must not share).
 */
final class RegistryCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String url;
    private final String authorization;
    private final HttpClient http;

    RegistryCalls(String url) {
        this(url, null);
    }

    RegistryCalls(String url, String authorization) {
        this.url = url;
        this.authorization = authorization;
        this.http = HTTP;
    }

    /** For an https URL: {@code tls} trusts the registry's certificate (and presents the client's, for mutual TLS). */
    RegistryCalls(String url, String authorization, javax.net.ssl.SSLContext tls) {
        this.url = url;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().sslContext(tls).build();
    }

    /** A reference as the API takes it. */
    record Ref(String name, String subject, int version) {
    }

    int register(String subject, String type, String schema, Ref... references) {
        return call("POST", "/subjects/" + encode(subject) + "/versions", body(type, schema, references)).path("id").asInt();
    }

    /** Registers with a data contract: {@code contract} holds {@code metadata} and/or {@code ruleSet} as the API takes them. */
    int register(String subject, String type, String schema, Map<String, Object> contract) {
        ObjectNode body = body(type, schema);
        contract.forEach((field, value) -> body.set(field, JSON.valueToTree(value)));
        return call("POST", "/subjects/" + encode(subject) + "/versions", body).path("id").asInt();
    }

    /** Registers with an explicit id, version and data contract (the registry must be in IMPORT mode). */
    int importSchema(String subject, int id, int version, String type, String schema, Map<String, Object> contract) {
        ObjectNode body = body(type, schema);
        contract.forEach((field, value) -> body.set(field, JSON.valueToTree(value)));
        body.put("id", id).put("version", version);
        return call("POST", "/subjects/" + encode(subject) + "/versions", body).path("id").asInt();
    }

    /** Registers with an explicit id and version (the registry must be in IMPORT mode). */
    int importSchema(String subject, int id, int version, String type, String schema) {
        ObjectNode body = body(type, schema);
        body.put("id", id).put("version", version);
        return call("POST", "/subjects/" + encode(subject) + "/versions", body).path("id").asInt();
    }

    List<String> subjects(String prefix) {
        return strings(call("GET", "/subjects?deleted=true" + (prefix == null ? "" : "&subjectPrefix=" + encode(prefix)), null));
    }

    List<Integer> versions(String subject, boolean deleted) {
        JsonNode node = callOrNull("GET", "/subjects/" + encode(subject) + "/versions?deleted=" + deleted);
        List<Integer> versions = new ArrayList<>();
        if (node != null) {
            node.forEach(version -> versions.add(version.asInt()));
        }
        return versions;
    }

    /** A version as {subject, version, id, schemaType, schema, references}, or null when absent. */
    JsonNode version(String subject, int version) {
        return callOrNull("GET", "/subjects/" + encode(subject) + "/versions/" + version + "?deleted=true");
    }

    void deleteVersion(String subject, int version, boolean permanent) {
        call("DELETE", "/subjects/" + encode(subject) + "/versions/" + version + (permanent ? "?permanent=true" : ""), null);
    }

    String mode(String subjectOrNull) {
        JsonNode node = callOrNull("GET", subjectOrNull == null ? "/mode" : "/mode/" + encode(subjectOrNull));
        return node == null ? null : node.path("mode").asText();
    }

    void setMode(String subjectOrNull, String mode) {
        call("PUT", (subjectOrNull == null ? "/mode" : "/mode/" + encode(subjectOrNull)) + "?force=true",
                JSON.valueToTree(Map.of("mode", mode)));
    }

    /** The compatibility level set on a subject (null: global), or null when unset. */
    String compatibility(String subjectOrNull) {
        JsonNode node = callOrNull("GET", subjectOrNull == null ? "/config" : "/config/" + encode(subjectOrNull));
        if (node == null) {
            return null;
        }
        return node.has("compatibilityLevel") ? node.path("compatibilityLevel").asText() : node.path("compatibility").asText();
    }

    void setCompatibility(String subjectOrNull, String level) {
        call("PUT", subjectOrNull == null ? "/config" : "/config/" + encode(subjectOrNull),
                JSON.valueToTree(Map.of("compatibility", level)));
    }

    /** The whole config set on a subject (null: global), or null when unset. */
    JsonNode config(String subjectOrNull) {
        return callOrNull("GET", subjectOrNull == null ? "/config" : "/config/" + encode(subjectOrNull));
    }

    void putConfig(String subjectOrNull, Map<String, Object> config) {
        call("PUT", subjectOrNull == null ? "/config" : "/config/" + encode(subjectOrNull), JSON.valueToTree(config));
    }

    void deleteConfig(String subject) {
        call("DELETE", "/config/" + encode(subject), null);
    }

    private static ObjectNode body(String type, String schema, Ref... references) {
        ObjectNode body = JSON.createObjectNode().put("schemaType", type).put("schema", schema);
        if (references.length > 0) {
            body.set("references", JSON.valueToTree(List.of(references)));
        }
        return body;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private JsonNode callOrNull(String method, String path) {
        try {
            return call(method, path, null);
        } catch (IllegalStateException e) {
            if (e.getMessage().startsWith("404")) {
                return null;
            }
            throw e;
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " from " + method + " " + path + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
