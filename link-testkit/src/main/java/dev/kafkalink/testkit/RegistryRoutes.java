package dev.kafkalink.testkit;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.kafkalink.testkit.RegistryStore.Failure;
import dev.kafkalink.testkit.RegistryStore.Reference;
import dev.kafkalink.testkit.RegistryStore.Schema;
import dev.kafkalink.testkit.RegistryStore.Version;

/**
 * Maps Confluent's REST paths onto {@link RegistryStore} and {@link RegistrySettings}, and their answers onto
 * Confluent's JSON shapes. A path that
 * no route knows answers 404, a known path with another method 405, as Confluent's Jersey server does.
 */
final class RegistryRoutes {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Confluent's default {@code subjectPrefix}: without one, GET /subjects lists every context. */
    private static final String ALL_CONTEXTS = ":*:";

    record Reply(int status, Object body) {
    }

    @FunctionalInterface
    private interface Action {
        Object run(List<String> path, Map<String, String> query, JsonNode body);
    }

    private record Route(String method, String[] pattern, Action action) {
        boolean matches(List<String> path) {
            if (path.size() != pattern.length) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final RegistryStore store;
    private final List<Route> routes = new ArrayList<>();

    RegistryRoutes(RegistryStore store, RegistrySettings settings) {
        this.store = store;
        add("GET", "", (p, q, b) -> Map.of());
        add("GET", "subjects", (p, q, b) -> store.subjects(q.getOrDefault("subjectPrefix", ALL_CONTEXTS), flag(q, "deleted")));
        add("POST", "subjects/*", (p, q, b) -> versionJson(store.lookUp(p.get(1), schema(b), flag(q, "deleted"))));
        add("DELETE", "subjects/*", (p, q, b) -> store.deleteSubject(p.get(1), flag(q, "permanent")));
        add("GET", "subjects/*/versions", (p, q, b) -> store.versions(p.get(1), flag(q, "deleted")));
        add("POST", "subjects/*/versions", (p, q, b) -> register(p.get(1), b));
        add("GET", "subjects/*/versions/*", (p, q, b) -> versionJson(store.version(p.get(1), p.get(3), flag(q, "deleted"))));
        add("DELETE", "subjects/*/versions/*", (p, q, b) -> store.deleteVersion(p.get(1), p.get(3), flag(q, "permanent")));
        add("GET", "schemas/types", (p, q, b) -> List.of("JSON", "PROTOBUF", "AVRO"));
        add("GET", "schemas/ids/*", (p, q, b) -> schemaJson(store.schemaById(id(p.get(2)), q.get("subject"))));
        add("GET", "schemas/ids/*/versions", (p, q, b) -> subjectVersions(id(p.get(2)), q));
        add("GET", "contexts", (p, q, b) -> store.contexts());
        add("GET", "mode", (p, q, b) -> Map.of("mode", settings.mode(null, false).name()));
        add("PUT", "mode", (p, q, b) -> setMode(null, b, q));
        add("GET", "mode/*", (p, q, b) -> Map.of("mode", settings.mode(p.get(1), flag(q, "defaultToGlobal")).name()));
        add("PUT", "mode/*", (p, q, b) -> setMode(p.get(1), b, q));
        add("DELETE", "mode/*", (p, q, b) -> Map.of("mode", settings.deleteMode(p.get(1)).name()));
        add("GET", "config", (p, q, b) -> settings.config(null, false));
        add("PUT", "config", (p, q, b) -> settings.updateConfig(null, b));
        add("GET", "config/*", (p, q, b) -> settings.config(p.get(1), flag(q, "defaultToGlobal")));
        add("PUT", "config/*", (p, q, b) -> settings.updateConfig(p.get(1), b));
        add("DELETE", "config/*", (p, q, b) -> settings.deleteConfig(p.get(1)));
    }

    private void add(String method, String pattern, Action action) {
        routes.add(new Route(method, pattern.isEmpty() ? new String[0] : pattern.split("/"), action));
    }

    Reply handle(String method, String rawPath, String rawQuery, byte[] body) {
        List<String> path = segments(rawPath);
        List<Route> known = routes.stream().filter(r -> r.matches(path)).toList();
        if (known.isEmpty()) {
            return error(404, 404, "HTTP 404 Not Found");
        }
        Route route = known.stream().filter(r -> r.method().equals(method)).findFirst().orElse(null);
        if (route == null) {
            return error(405, 405, "HTTP 405 Method Not Allowed");
        }
        try {
            return new Reply(200, route.action().run(path, query(rawQuery), json(body)));
        } catch (Failure f) {
            return error(f.httpStatus(), f.errorCode, f.getMessage());
        }
    }

    static Reply error(int status, int errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        return new Reply(status, body);
    }

    // ---- actions that need more than one line ----

    private Object register(String subject, JsonNode body) {
        // Confluent: an id of 0 or more is explicit, a version of 0 or less means "the next one".
        Integer id = body.hasNonNull("id") && body.get("id").asInt() >= 0 ? body.get("id").asInt() : null;
        Integer version = body.hasNonNull("version") && body.get("version").asInt() > 0 ? body.get("version").asInt() : null;
        return Map.of("id", store.register(subject, schema(body), id, version));
    }

    private Object setMode(String subject, JsonNode body, Map<String, String> query) {
        String mode = text(body, "mode");
        store.setMode(subject, mode, flag(query, "force"));
        return Map.of("mode", mode);
    }

    private Object subjectVersions(int id, Map<String, String> query) {
        return store.versionsById(id, query.get("subject"), flag(query, "deleted")).stream()
                .map(v -> Map.of("subject", v.subject(), "version", v.version())).toList();
    }

    // ---- JSON shapes ----

    /** The request body of a registration or a lookup; an absent schemaType means AVRO. */
    private static Schema schema(JsonNode body) {
        List<Reference> references = new ArrayList<>();
        for (JsonNode ref : body.path("references")) {
            references.add(new Reference(ref.path("name").asText(), ref.path("subject").asText(), ref.path("version").asInt()));
        }
        String type = body.hasNonNull("schemaType") ? body.get("schemaType").asText() : "AVRO";
        return new Schema(type, text(body, "schema"), List.copyOf(references),
                RegistryDataContracts.metadata(body.get("metadata")), RegistryDataContracts.ruleSet(body.get("ruleSet")));
    }

    private static Map<String, Object> versionJson(Version v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", v.subject());
        out.put("version", v.version());
        out.put("id", v.id());
        out.putAll(schemaJson(v.schema()));
        return out;
    }

    /**
     * Confluent leaves out schemaType when it is AVRO, references when there are none, and metadata and ruleSet when
     * the version has none (GET /schemas/ids/{id} and the versions answer both).
     */
    private static Map<String, Object> schemaJson(Schema schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!"AVRO".equals(schema.type())) {
            out.put("schemaType", schema.type());
        }
        if (!schema.references().isEmpty()) {
            out.put("references", schema.references().stream()
                    .map(r -> Map.of("name", r.name(), "subject", r.subject(), "version", r.version())).toList());
        }
        out.put("schema", schema.text());
        if (schema.metadata() != null) {
            out.put("metadata", schema.metadata());
        }
        if (schema.ruleSet() != null) {
            out.put("ruleSet", schema.ruleSet());
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    // ---- request parsing ----

    /** Clients URL-encode each path segment (subjects hold ':', '/', spaces): split first, then decode. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>(Arrays.asList(rawPath.split("/", -1)));
        segments.remove(0);
        if (segments.size() == 1 && segments.get(0).isEmpty()) {
            segments.clear();
        }
        // '+' is a literal plus in a path, unlike in a query string.
        segments.replaceAll(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static boolean flag(Map<String, String> query, String name) {
        return "true".equalsIgnoreCase(query.get(name));
    }

    private static int id(String segment) {
        try {
            return Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            // JAX-RS answers a path parameter it cannot convert with a plain 404.
            throw new Failure(404, "HTTP 404 Not Found");
        }
    }

    /** Any content type is accepted; an empty body reads as an empty object. */
    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new Failure(400, "Request body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new Failure(400, "Unrecognized or malformed JSON: " + e.getMessage());
        }
    }
}
