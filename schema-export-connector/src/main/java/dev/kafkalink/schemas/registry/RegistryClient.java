package dev.kafkalink.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Confluent Schema Registry REST API, the part the export needs, over the JDK's HttpClient: what
 * Confluent Schema Registry, Karapace, Redpanda and Apicurio's ccompat endpoint serve. The only
 * place that speaks HTTP to a registry.
 *
 * <p>URLs are tried in turn, starting with the last one that answered. A connection failure or a 5xx
 * or 429 answer on every URL is a {@link RegistryUnavailableException} (retry later); any other error
 * answer is a {@link RegistryException} with the HTTP status and Confluent error code. Subject names
 * go into paths URL-encoded (they may hold ':', '/' or spaces).
 */
public final class RegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUBJECT_PAGE = 1000;

    private final RegistrySettings settings;
    private final HttpClient http;
    private final AtomicInteger preferredUrl = new AtomicInteger();

    public RegistryClient(RegistrySettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        settings.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** Which registry this is, for messages: "destination schema registry at http://host:8081". */
    public String describe() {
        return settings.name() + " at " + settings.urls().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /**
     * Subject names; {@code prefix} as Confluent's subjectPrefix ({@code :*:} for every context), null
     * for none. Read in pages: Apicurio answers at most 1000 unless asked with offset and limit, and
     * registries without paging ignore both and answer everything at once.
     */
    public List<String> subjects(String prefix, boolean deleted) {
        String query = "?deleted=" + deleted + (prefix == null ? "" : "&subjectPrefix=" + encode(prefix));
        List<String> subjects = new ArrayList<>();
        List<String> page;
        do {
            page = read(get("/subjects" + query + "&offset=" + subjects.size() + "&limit=" + SUBJECT_PAGE),
                    new TypeReference<List<String>>() { });
            if (!subjects.isEmpty() && !page.isEmpty() && page.get(0).equals(subjects.get(0))) {
                break; // offset ignored: this page is the first one again
            }
            subjects.addAll(page);
        } while (page.size() == SUBJECT_PAGE);
        return subjects;
    }

    /** Version numbers of a subject, ascending; empty when the subject does not exist. */
    public List<Integer> versions(String subject, boolean deleted) {
        try {
            return read(get("/subjects/" + encode(subject) + "/versions?deleted=" + deleted), new TypeReference<List<Integer>>() { });
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return List.of();
            }
            throw e;
        }
    }

    /** One version (soft-deleted ones too); empty when there is no such version. */
    public Optional<SchemaVersion> version(String subject, int version) {
        try {
            return Optional.of(schemaVersion(subject, get("/subjects/" + encode(subject) + "/versions/" + version + "?deleted=true")));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The schema with this id in the context of {@code subject}, as a version without subject and
     * version numbers; empty when the id is unused there.
     */
    public Optional<SchemaVersion> schemaById(int id, String subject) {
        try {
            JsonNode node = get("/schemas/ids/" + id + "?subject=" + encode(subject));
            return Optional.of(new SchemaVersion(subject, 0, id, text(node, "schemaType"), node.path("schema").asText(),
                    references(node), DataContract.of(node)));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Where this schema is registered under the subject (soft-deleted versions too); empty if it is not. */
    public Optional<SchemaVersion> lookup(String subject, SchemaVersion schema) {
        try {
            return Optional.of(schemaVersion(subject, send("POST", "/subjects/" + encode(subject) + "?deleted=true",
                    body(schema, false))));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Registers the schema under {@code subject}; with {@code keepIdAndVersion} asks for the schema's id
     * and version (IMPORT mode). Returns the id the registry answered, which a registry that ignores
     * explicit ids may choose differently.
     */
    public int register(String subject, SchemaVersion schema, boolean keepIdAndVersion) {
        return send("POST", "/subjects/" + encode(subject) + "/versions", body(schema, keepIdAndVersion)).path("id").asInt();
    }

    /** Soft-deletes a version, or removes a soft-deleted one for good with {@code permanent}. */
    public void deleteVersion(String subject, int version, boolean permanent) {
        send("DELETE", "/subjects/" + encode(subject) + "/versions/" + version + (permanent ? "?permanent=true" : ""), null);
    }

    /** The mode set on a subject or context ({@code :.ctx:}), or the global mode for null; empty when unset. */
    public Optional<String> mode(String subject) {
        try {
            return Optional.ofNullable(text(get(subject == null ? "/mode" : "/mode/" + encode(subject)), "mode"));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the mode of a subject or context ({@code :.ctx:}), or the global mode for null; forced (IMPORT over existing subjects). */
    public void setMode(String subject, String mode) {
        ObjectNode body = JSON.createObjectNode().put("mode", mode);
        send("PUT", (subject == null ? "/mode" : "/mode/" + encode(subject)) + "?force=true", body);
    }

    /** The config set on a subject or context ({@code :.ctx:}), or the global one for null; empty when unset. */
    public Optional<SubjectConfig> config(String subject) {
        try {
            return SubjectConfig.of(get(configPath(subject)));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Makes the config of a subject, context or (null) the global one {@code wanted}, where it was {@code current}. */
    public void setConfig(String subject, SubjectConfig wanted, Optional<SubjectConfig> current) {
        send("PUT", configPath(subject), wanted.updateOf(current));
    }

    /** Deletes a subject's or context's own config (it then follows the global one); done when there was none. */
    public void deleteConfig(String subject) {
        try {
            send("DELETE", configPath(subject), null);
        } catch (RegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private static String configPath(String subject) {
        return subject == null ? "/config" : "/config/" + encode(subject);
    }

    /**
     * A version of the subject asked for (registries spell context subjects differently in answers), with its
     * metadata and rule set where the registry keeps them.
     */
    private static SchemaVersion schemaVersion(String subject, JsonNode node) {
        return new SchemaVersion(subject, node.path("version").asInt(), node.path("id").asInt(), text(node, "schemaType"),
                node.path("schema").asText(), references(node), DataContract.of(node));
    }

    private static List<SchemaReference> references(JsonNode node) {
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : node.path("references")) {
            references.add(new SchemaReference(reference.path("name").asText(), reference.path("subject").asText(),
                    reference.path("version").asInt()));
        }
        return references;
    }

    private static ObjectNode body(SchemaVersion schema, boolean keepIdAndVersion) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.schema());
        body.put("schemaType", schema.schemaType());
        if (!schema.references().isEmpty()) {
            ArrayNode references = body.putArray("references");
            for (SchemaReference reference : schema.references()) {
                references.addObject().put("name", reference.name()).put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        schema.contract().writeTo(body);
        if (keepIdAndVersion) {
            body.put("id", schema.id());
            body.put("version", schema.version());
        }
        return body;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String encode(String pathPart) {
        return URLEncoder.encode(pathPart, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    private <T> T read(JsonNode node, TypeReference<T> type) {
        return JSON.convertValue(node, type);
    }

    /** Sends to the preferred URL, then to the others; see the class comment for what is thrown. */
    private JsonNode send(String method, String pathAndQuery, JsonNode body) {
        List<URI> urls = settings.urls();
        int first = preferredUrl.get();
        Exception lastFailure = null;
        String lastProblem = "";
        for (int attempt = 0; attempt < urls.size(); attempt++) {
            int index = (first + attempt) % urls.size();
            URI uri = URI.create(stripSlash(urls.get(index).toString()) + pathAndQuery);
            try {
                HttpResponse<String> response = http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 500 || status == 429) {
                    lastProblem = "HTTP " + status + " " + abbreviate(response.body());
                    continue;
                }
                preferredUrl.set(index);
                if (status >= 400) {
                    throw error(method, uri, status, response.body());
                }
                return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                throw new RegistryException("The " + settings.name() + " answered " + method + " " + uri.getPath()
                        + " with something that is not JSON: " + e.getOriginalMessage(), 200, 0);
            } catch (IOException e) {
                lastFailure = e;
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("Interrupted while calling the " + settings.name(), e);
            }
        }
        throw new RegistryUnavailableException("The " + settings.name() + " did not answer " + method + " at " + urls
                + ": " + lastProblem, lastFailure);
    }

    private HttpRequest request(String method, URI uri, JsonNode body) throws JsonProcessingException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        settings.authorization().ifPresent(header -> request.header("Authorization", header));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE);
            request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return request.build();
    }

    private RegistryException error(String method, URI uri, int status, String body) {
        int errorCode = status;
        String message = abbreviate(body);
        try {
            JsonNode node = JSON.readTree(body);
            errorCode = node.path("error_code").asInt(status);
            message = node.path("message").asText(message);
        } catch (JsonProcessingException | RuntimeException e) {
            // Not the registry's JSON error (a proxy's page, for example): keep the text.
        }
        if (status == 401 || status == 403) {
            return new RegistryException("The " + settings.name() + " refused the credentials (HTTP " + status + ") for "
                    + method + " " + uri.getPath() + ": check " + settings.keyPrefix() + "basic.auth.user.info or "
                    + settings.keyPrefix() + "bearer.auth.token and the registry's permissions (" + message + ")", status, errorCode);
        }
        return new RegistryException("The " + settings.name() + " answered " + method + " " + uri.getPath() + " with HTTP "
                + status + " (error " + errorCode + "): " + message, status, errorCode);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
