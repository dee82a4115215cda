package dev.kafkalink.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Each Confluent rule the stand-in follows, exercised over HTTP the way the exporter will call it. */
class ConfluentRegistryStandInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = record("A");
    private static final String B = record("B");
    private static final String C = record("C");

    private final HttpClient http = HttpClient.newHttpClient();
    private ConfluentRegistryStandIn registry;

    @BeforeEach
    void start() {
        registry = ConfluentRegistryStandIn.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registersVersionsAndAnswersInConfluentShape() throws Exception {
        assertTrue(registry.url().matches("http://127\\.0\\.0\\.1:\\d+"), registry.url());
        assertEquals(1, register("orders-value", schema(A)));
        assertEquals(1, register("orders-value", schema(A)), "the same schema keeps its id");
        assertEquals(2, register("orders-value", schema(B)));
        assertEquals(1, register("payments-value", schema(A)), "the same schema under another subject keeps its id");

        Answer latest = call("GET", "/subjects/orders-value/versions/latest", null);
        assertEquals("application/vnd.schemaregistry.v1+json", latest.headers().firstValue("Content-Type").orElse(""));
        assertEquals(json(Map.of("subject", "orders-value", "version", 2, "id", 2, "schema", B)), latest.body(),
                "schemaType and references are left out for AVRO without references");
        assertEquals(json(List.of(1, 2)), call("GET", "/subjects/orders-value/versions", null).body());
        assertEquals(json(Map.of("schema", A)), call("GET", "/schemas/ids/1", null).body());
        assertEquals(json(List.of(Map.of("subject", "orders-value", "version", 1), Map.of("subject", "payments-value", "version", 1))),
                call("GET", "/schemas/ids/1/versions", null).body());

        Map<String, Object> proto = Map.of("schema", "syntax = \"proto3\"; message P {}", "schemaType", "PROTOBUF");
        assertEquals(3, register("proto-value", proto));
        assertEquals("PROTOBUF", call("GET", "/subjects/proto-value/versions/1", null).body().get("schemaType").asText());
        assertEquals(3, call("POST", "/subjects/proto-value", proto).body().get("id").asInt(), "lookup under a subject");

        assertError(404, 40403, "Schema 99 not found", call("GET", "/schemas/ids/99", null));
        assertError(404, 40401, "Subject 'nope' not found.", call("GET", "/subjects/nope/versions", null));
        assertError(404, 40402, "Version 7 not found.", call("GET", "/subjects/orders-value/versions/7", null));
        assertError(422, 42202, null, call("GET", "/subjects/orders-value/versions/zero", null));
        assertError(422, 42201, "Invalid schema type XML", call("POST", "/subjects/x/versions", Map.of("schema", "<a/>", "schemaType", "XML")));
    }

    @Test
    void metadataAndRuleSetsAreKeptInConfluentsFormAndPartOfTheSchemasIdentity() throws Exception {
        Map<String, Object> owned = new HashMap<>(schema(A));
        owned.put("metadata", Map.of("properties", Map.of("owner", "team-a", "email", "a@example.com"),
                "tags", Map.of("A.ssn", List.of("PII")), "sensitive", List.of("ssn"), "unknown", "dropped"));
        owned.put("ruleSet", Map.of("domainRules", List.of(Map.of("name", "ssnSet", "kind", "CONDITION", "mode", "WRITE",
                "type", "CEL", "expr", "message.ssn != ''")), "migrationRules", List.of()));
        Map<String, Object> otherOwner = new HashMap<>(schema(A));
        otherOwner.put("metadata", Map.of("properties", Map.of("owner", "team-b")));

        assertEquals(1, register("orders-value", schema(A)));
        assertEquals(2, register("orders-value", owned), "the same text with metadata is another schema");
        assertEquals(3, register("orders-value", otherOwner), "and with other metadata another again");
        assertEquals(2, register("orders-value", owned), "registered again: the same id");
        assertEquals(json(List.of(1, 2, 3)), call("GET", "/subjects/orders-value/versions", null).body());

        JsonNode version = call("GET", "/subjects/orders-value/versions/2", null).body();
        assertEquals(json(Map.of("properties", Map.of("email", "a@example.com", "owner", "team-a"),
                "tags", Map.of("A.ssn", List.of("PII")), "sensitive", List.of("ssn"))), version.get("metadata"));
        assertEquals(json(Map.of("domainRules", List.of(Map.of("name", "ssnSet", "kind", "CONDITION", "mode", "WRITE",
                "type", "CEL", "expr", "message.ssn != ''", "disabled", false)))), version.get("ruleSet"));
        assertEquals(version.get("metadata"), call("GET", "/schemas/ids/2", null).body().get("metadata"));
        assertEquals(version.get("ruleSet"), call("GET", "/schemas/ids/2", null).body().get("ruleSet"));
        assertFalse(call("GET", "/subjects/orders-value/versions/1", null).body().has("metadata"), "none, none answered");
        assertEquals(2, call("POST", "/subjects/orders-value", owned).body().get("version").asInt(), "lookup with metadata");

        call("PUT", "/mode/imported?force=true", Map.of("mode", "IMPORT"));
        Map<String, Object> importedOwned = new HashMap<>(imported(A, 2, 1));
        importedOwned.put("metadata", owned.get("metadata"));
        importedOwned.put("ruleSet", owned.get("ruleSet"));
        assertEquals(2, register("imported", importedOwned), "an explicit id with the same contract is the same schema");
        assertError(422, 42205, null, call("POST", "/subjects/imported/versions", imported(A, 3, 2)));
        Map<String, Object> badRule = new HashMap<>(schema(B));
        badRule.put("ruleSet", Map.of("migrationRules", List.of(Map.of("name", "up", "type", "JSONATA", "mode", "WRITE"))));
        assertError(422, 42201, null, call("POST", "/subjects/rules/versions", badRule));
    }

    @Test
    void acceptsAnyRequestContentType() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/s/versions"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(schema(A))))
                .build();
        assertEquals(200, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void eachContextHasItsOwnIdSpaceAndSubjects() throws Exception {
        assertEquals(1, register(":.staging:orders-value", schema(B)));
        assertEquals(1, register("orders-value", schema(A)), "the default context counts its ids from 1 too");
        assertEquals(2, register(":.staging:orders-value", schema(A)), "a schema's id is per context");

        JsonNode staged = call("GET", "/subjects/" + enc(":.staging:orders-value") + "/versions/1", null).body();
        assertEquals(":.staging:orders-value", staged.get("subject").asText());
        assertEquals(B, call("GET", "/schemas/ids/1?subject=" + enc(":.staging:orders-value"), null).body().get("schema").asText());
        assertEquals(A, call("GET", "/schemas/ids/1", null).body().get("schema").asText(), "no subject: default context");
        assertEquals(A, call("GET", "/subjects/" + enc(":.:orders-value") + "/versions/1", null).body().get("schema").asText(),
                ":.: names the default context");

        assertEquals(json(List.of(".", ".staging")), call("GET", "/contexts", null).body());
        List<String> everything = List.of(":.staging:orders-value", "orders-value");
        assertEquals(json(everything), call("GET", "/subjects?subjectPrefix=" + enc(":*:"), null).body());
        assertEquals(json(everything), call("GET", "/subjects", null).body(), "Confluent's default prefix is :*:");
        assertEquals(json(List.of("orders-value")), call("GET", "/subjects?subjectPrefix=", null).body());
        assertEquals(json(List.of("orders-value")), call("GET", "/subjects?subjectPrefix=ord", null).body());
        assertEquals(json(List.of()), call("GET", "/subjects?subjectPrefix=pay", null).body());
        assertEquals(json(List.of(":.staging:orders-value")),
                call("GET", "/subjects?subjectPrefix=" + enc(":.staging:"), null).body());
    }

    @Test
    void explicitIdNeedsImportModeAndVersionMustBeTheNextOne() throws Exception {
        assertError(422, 42205, "Subject s is not in import mode", call("POST", "/subjects/s/versions", imported(A, 7, 1)));
        assertError(422, 42201, "Version is not one more than previous version",
                call("POST", "/subjects/s/versions", Map.of("schema", A, "version", 5)));
        assertEquals(1, register("s", Map.of("schema", A, "version", 1)), "the next version may be named in READWRITE");
        assertEquals(1, register("s", Map.of("schema", A, "id", 1)),
                "an already registered schema (no version given) is answered before the mode check");
    }

    @Test
    void importModeKeepsIdsAndVersionsAndRefusesAReusedId() throws Exception {
        assertEquals(json(Map.of("mode", "IMPORT")), call("PUT", "/mode", Map.of("mode", "IMPORT")).body());
        assertEquals(42, register("s", imported(A, 42, 3)));
        JsonNode stored = call("GET", "/subjects/s/versions/3", null).body();
        assertEquals(42, stored.get("id").asInt());
        assertEquals(42, register("s", imported(A, 42, 3)), "an identical import is idempotent");
        assertEquals(json(List.of(3)), call("GET", "/subjects/s/versions", null).body());
        assertEquals(42, register("t", imported(A, 42, 1)), "one id may serve the same schema in several subjects");

        assertError(422, 42205, "Overwrite new schema with id 42 is not permitted.",
                call("POST", "/subjects/u/versions", imported(B, 42, 1)));
        assertError(422, 42205, "Subject u is not in read-write mode", call("POST", "/subjects/u/versions", schema(B)));

        call("PUT", "/mode", Map.of("mode", "READWRITE"));
        assertEquals(43, register("u", schema(B)), "READWRITE continues after the highest id");
        assertEquals(44, register("s", schema(C)));
        assertEquals(4, call("GET", "/subjects/s/versions/latest", null).body().get("version").asInt(),
                "READWRITE continues after the highest version");
    }

    @Test
    void importModeNeedsForceOnceSubjectsExist() throws Exception {
        register("s", schema(A));
        assertError(422, 42205, "Cannot import since found existing subjects", call("PUT", "/mode", Map.of("mode", "IMPORT")));
        assertError(422, 42205, "Cannot import since found existing subjects", call("PUT", "/mode/s", Map.of("mode", "IMPORT")));
        assertEquals(200, call("PUT", "/mode/other", Map.of("mode", "IMPORT")).status(), "a subject without versions may import");
        assertEquals(200, call("PUT", "/mode/s?force=true", Map.of("mode", "IMPORT")).status());
        assertEquals(json(Map.of("mode", "IMPORT")), call("GET", "/mode/s", null).body());
        assertEquals(json(Map.of("mode", "READWRITE")), call("GET", "/mode", null).body());
        assertEquals(200, call("PUT", "/mode?force=true", Map.of("mode", "IMPORT")).status());
        assertEquals(json(Map.of("mode", "IMPORT")), call("GET", "/mode", null).body());

        assertError(404, 40409, "Subject 'unset' does not have subject-level mode configured", call("GET", "/mode/unset", null));
        assertEquals(json(Map.of("mode", "IMPORT")), call("GET", "/mode/unset?defaultToGlobal=true", null).body());
        assertEquals(json(Map.of("mode", "IMPORT")), call("DELETE", "/mode/other", null).body());
        assertError(404, 40401, null, call("DELETE", "/mode/other", null));
        assertError(422, 42204, null, call("PUT", "/mode", Map.of("mode", "SIDEWAYS")));
    }

    @Test
    void importOverwritesAnExistingVersionWithoutACheckAsConfluentDoes() throws Exception {
        call("PUT", "/mode", Map.of("mode", "IMPORT"));
        assertEquals(1, register("s", imported(A, 1, 1)));
        assertEquals(2, register("s", imported(B, 2, 1)));
        assertEquals(json(List.of(1)), call("GET", "/subjects/s/versions", null).body());
        assertEquals(json(Map.of("subject", "s", "version", 1, "id", 2, "schema", B)),
                call("GET", "/subjects/s/versions/1", null).body(), "an exporter must read back what it wrote");
    }

    @Test
    void switchingToImportHardDeletesWhatIsOnlySoftDeleted() throws Exception {
        register("s", schema(A));
        call("DELETE", "/subjects/s", null);
        assertEquals(200, call("PUT", "/mode", Map.of("mode", "IMPORT")).status(), "soft-deleted subjects do not block");
        assertEquals(json(List.of()), call("GET", "/subjects?deleted=true", null).body());
    }

    @Test
    void registeringASoftDeletedSchemaAgainKeepsItsIdAndDropsTheOldVersion() throws Exception {
        register("s", schema(A));
        register("s", schema(B));
        call("DELETE", "/subjects/s/versions/1", null);
        assertEquals(1, register("s", schema(A)));
        assertEquals(json(List.of(2, 3)), call("GET", "/subjects/s/versions?deleted=true", null).body());
    }

    @Test
    void contextModeAppliesToItsSubjectsOnly() throws Exception {
        assertEquals(200, call("PUT", "/mode/" + enc(":.mirror:"), Map.of("mode", "IMPORT")).status());
        assertEquals(json(Map.of("mode", "IMPORT")), call("GET", "/mode/" + enc(":.mirror:x") + "?defaultToGlobal=true", null).body());
        assertEquals(9, register(":.mirror:x", imported(A, 9, 1)));
        assertError(422, 42205, "Subject x is not in import mode", call("POST", "/subjects/x/versions", imported(A, 9, 1)));
    }

    @Test
    void readOnlyModeRefusesWritesButStillAnswersKnownSchemas() throws Exception {
        register("s", schema(A));
        call("PUT", "/mode/s", Map.of("mode", "READONLY"));
        assertError(422, 42205, "Subject s is in read-only mode", call("POST", "/subjects/s/versions", schema(B)));
        assertError(422, 42205, "Subject s is in read-only mode", call("DELETE", "/subjects/s/versions/1", null));
        assertEquals(1, register("s", schema(A)));
    }

    @Test
    void softDeleteHidesAVersionAndHardDeleteRemovesIt() throws Exception {
        register("s", schema(A));
        register("s", schema(B));
        assertEquals(json(1), call("DELETE", "/subjects/s/versions/1", null).body());
        assertEquals(json(List.of(2)), call("GET", "/subjects/s/versions", null).body());
        assertEquals(json(List.of(1, 2)), call("GET", "/subjects/s/versions?deleted=true", null).body());
        assertError(404, 40402, "Version 1 not found.", call("GET", "/subjects/s/versions/1", null));
        assertEquals(A, call("GET", "/subjects/s/versions/1?deleted=true", null).body().get("schema").asText());
        assertEquals(A, call("GET", "/schemas/ids/1", null).body().get("schema").asText(), "ids of soft-deleted versions still resolve");

        assertError(404, 40406, "Subject 's' Version 1 was soft deleted.Set permanent=true to delete permanently",
                call("DELETE", "/subjects/s/versions/1", null));
        assertError(404, 40407, "Subject 's' Version 2 was not deleted first before being permanently deleted",
                call("DELETE", "/subjects/s/versions/2?permanent=true", null));
        assertEquals(json(1), call("DELETE", "/subjects/s/versions/1?permanent=true", null).body());
        assertEquals(json(List.of(2)), call("GET", "/subjects/s/versions?deleted=true", null).body());
        assertError(404, 40402, null, call("DELETE", "/subjects/s/versions/1?permanent=true", null));

        assertEquals(json(3), call("DELETE", "/subjects/s/versions/" + versionOf("s", register("s", schema(C))), null).body());
        register("s", schema(record("D")));
        assertEquals(4, call("GET", "/subjects/s/versions/latest", null).body().get("version").asInt(),
                "the next version counts soft-deleted versions");
    }

    @Test
    void deletingASubjectIsSoftFirstThenPermanent() throws Exception {
        register("s", schema(A));
        register("s", schema(B));
        assertError(404, 40405, "Subject 's' was not deleted first before being permanently deleted",
                call("DELETE", "/subjects/s?permanent=true", null));
        assertEquals(json(List.of(1, 2)), call("DELETE", "/subjects/s", null).body());
        assertEquals(json(List.of()), call("GET", "/subjects", null).body());
        assertEquals(json(List.of("s")), call("GET", "/subjects?deleted=true", null).body());
        assertError(404, 40404, "Subject 's' was soft deleted.Set permanent=true to delete permanently",
                call("DELETE", "/subjects/s", null));
        assertEquals(json(List.of(1, 2)), call("DELETE", "/subjects/s?permanent=true", null).body());
        assertError(404, 40401, "Subject 's' not found.", call("GET", "/subjects/s/versions?deleted=true", null));
        assertEquals(3, register("s", schema(A)), "ids are never handed out twice, even after a hard delete");
        assertEquals(1, call("GET", "/subjects/s/versions/latest", null).body().get("version").asInt());
    }

    @Test
    void referencesMustExistAndProtectWhatTheyPointAt() throws Exception {
        register("common", schema(A));
        Map<String, Object> missing = Map.of("schema", B, "references", List.of(Map.of("name", "a.avsc", "subject", "common", "version", 2)));
        assertError(422, 42201, null, call("POST", "/subjects/order/versions", missing));

        List<Map<String, Object>> references = List.of(Map.of("name", "a.avsc", "subject", "common", "version", 1));
        assertEquals(2, register("order", Map.of("schema", B, "references", references)));
        assertEquals(json(references), call("GET", "/subjects/order/versions/1", null).body().get("references"));
        assertEquals(json(references), call("GET", "/schemas/ids/2", null).body().get("references"));
        assertError(422, 42206, null, call("DELETE", "/subjects/common/versions/1", null));

        register(":.c:common", schema(C));
        assertEquals(2, register(":.c:order", Map.of("schema", B, "references", references)),
                "an unqualified reference resolves in the referring subject's context");
    }

    @Test
    void subjectConfigIsNotFoundUntilSet() throws Exception {
        assertEquals(json(Map.of("compatibilityLevel", "BACKWARD")), call("GET", "/config", null).body());
        assertError(404, 40408, "Subject 's' does not have subject-level compatibility configured", call("GET", "/config/s", null));
        assertEquals(json(Map.of("compatibilityLevel", "BACKWARD")), call("GET", "/config/s?defaultToGlobal=true", null).body());
        assertEquals(json(Map.of("compatibility", "FULL")), call("PUT", "/config/s", Map.of("compatibility", "FULL")).body());
        assertEquals(json(Map.of("compatibilityLevel", "FULL")), call("GET", "/config/s", null).body());
        assertError(422, 42203, null, call("PUT", "/config", Map.of("compatibility", "SIDEWAYS")));
        assertEquals(json(Map.of("compatibility", "NONE")), call("PUT", "/config", Map.of("compatibility", "NONE")).body());
        assertEquals(json(Map.of("compatibilityLevel", "NONE")), call("GET", "/config", null).body());
        assertEquals(json(Map.of("compatibilityLevel", "FULL")), call("DELETE", "/config/s", null).body());
        assertError(404, 40408, null, call("GET", "/config/s", null));
    }

    @Test
    void configDefaultsAndOverridesAndThePreviousVersionsContractApplyOutsideImportModeOnly() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("compatibility", "NONE");
        config.put("defaultMetadata", Map.of("properties", Map.of("owner", "default-team", "tier", "gold")));
        config.put("overrideMetadata", Map.of("properties", Map.of("region", "eu")));
        config.put("defaultRuleSet", Map.of("domainRules", List.of(Map.of("name", "checkSsn", "type", "CEL", "kind", "CONDITION",
                "mode", "WRITE", "expr", "message.ssn != ''"))));
        call("PUT", "/config/orders-value", config);
        assertEquals("NONE", call("GET", "/config/orders-value", null).body().get("compatibilityLevel").asText());
        assertEquals(json(Map.of("region", "eu")),
                call("GET", "/config/orders-value", null).body().path("overrideMetadata").path("properties"));

        register("orders-value", Map.of("schema", A, "metadata", Map.of("properties", Map.of("owner", "team-a"))));
        JsonNode first = call("GET", "/subjects/orders-value/versions/1", null).body();
        assertEquals(json(Map.of("owner", "team-a", "region", "eu", "tier", "gold")), first.path("metadata").path("properties"),
                "default, then the registration's own, then the override");
        assertEquals("checkSsn", first.path("ruleSet").path("domainRules").path(0).path("name").asText());
        register("orders-value", Map.of("schema", B));
        assertEquals(first.get("metadata"), call("GET", "/subjects/orders-value/versions/2", null).body().get("metadata"),
                "a registration without metadata inherits the previous version's");

        call("PUT", "/config/orders-value", Collections.singletonMap("overrideMetadata", null));
        JsonNode cleared = call("GET", "/config/orders-value", null).body();
        assertFalse(cleared.has("overrideMetadata"), "a null clears a field");
        assertEquals("NONE", cleared.path("compatibilityLevel").asText(), "a PUT keeps the fields it leaves out");
        assertTrue(cleared.has("defaultMetadata"));

        call("PUT", "/mode/imported?force=true", Map.of("mode", "IMPORT"));
        call("PUT", "/config/imported", config);
        register("imported", Map.of("schema", C, "id", 100, "version", 1));
        assertFalse(call("GET", "/subjects/imported/versions/1", null).body().has("metadata"), "IMPORT stores what it is given");
    }

    @Test
    void basicAuthRefusesOtherCredentialsAndDoesNotCountThemAsWrites() throws Exception {
        registry.requireBasicAuth("alice", "secret");
        Answer anonymous = call("GET", "/subjects", null);
        assertError(401, 401, "Unauthorized", anonymous);
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertError(401, 401, "Unauthorized", call("POST", "/subjects/s/versions", schema(A), basic("alice", "wrong")));
        assertEquals(0, registry.writeRequests());
        assertEquals(200, call("POST", "/subjects/s/versions", schema(A), basic("alice", "secret")).status());
        assertEquals(1, registry.writeRequests());
        assertEquals(3, registry.requests());
    }

    @Test
    void bearerTokenIsRequiredOnceSet() throws Exception {
        registry.requireBearerToken("t0ken");
        assertError(401, 401, "Unauthorized", call("GET", "/subjects", null, "Authorization", "Bearer other"));
        assertError(401, 401, "Unauthorized", call("GET", "/subjects", null, basic("t0ken", "")));
        assertEquals(200, call("GET", "/subjects", null, "Authorization", "Bearer t0ken").status());
    }

    @Test
    void unavailableAnswers503UntilRestored() throws Exception {
        registry.setUnavailable(true);
        assertError(503, 50003, null, call("GET", "/subjects", null));
        assertError(503, 50003, null, call("POST", "/subjects/s/versions", schema(A)));
        registry.setUnavailable(false);
        assertEquals(200, call("GET", "/subjects", null).status());
        assertEquals(3, registry.requests());
        assertEquals(1, registry.writeRequests());
    }

    @Test
    void aRequestFaultFailsEveryNthRequestBeforeOrAfterCarryingItOut() throws Exception {
        registry.failRequests(new ConfluentRegistryStandIn.RequestFault(500, 2, false));
        assertEquals(200, call("GET", "/subjects", null).status());
        assertError(500, 50001, null, call("POST", "/subjects/s/versions", schema(A)));
        assertEquals(json(List.of()), call("GET", "/subjects", null).body(), "refused before it was carried out");

        registry.failRequests(new ConfluentRegistryStandIn.RequestFault(503, 1, true));
        assertError(503, 50303, null, call("POST", "/subjects/s/versions", schema(A)));
        registry.failRequests(null);
        assertEquals(json(List.of("s")), call("GET", "/subjects", null).body(), "carried out, only the answer was lost");
        assertEquals(2, registry.failedRequests());
    }

    @Test
    void subjectNamesAreUrlDecoded() throws Exception {
        String subject = "team a/orders+v:value";
        assertEquals(1, register(subject, schema(A)));
        assertEquals(json(List.of(subject)), call("GET", "/subjects", null).body());
        assertEquals(subject, call("GET", "/subjects/" + enc(subject) + "/versions/1", null).body().get("subject").asText());
    }

    @Test
    void unknownPathsAnswer404AndOtherMethods405() throws Exception {
        assertError(404, 404, "HTTP 404 Not Found", call("GET", "/nothing/here", null));
        assertError(404, 404, "HTTP 404 Not Found", call("GET", "/schemas/ids/abc", null));
        assertError(405, 405, "HTTP 405 Method Not Allowed", call("DELETE", "/contexts", null));
        assertEquals(400, call("POST", "/subjects/s/versions", "{not json").status());
        assertEquals(json(Map.of()), call("GET", "/", null).body());
    }

    @Test
    void concurrentRegistrationsGetDistinctIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> ids = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String schema = record("R" + i);
                String subject = "s" + (i % 8);
                ids.add(pool.submit(() -> register(subject, schema(schema))));
            }
            Set<Integer> distinct = new TreeSet<>();
            for (Future<Integer> id : ids) {
                distinct.add(id.get());
            }
            assertEquals(80, distinct.size());
            assertEquals(80, ((TreeSet<Integer>) distinct).last());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    private record Answer(int status, JsonNode body, HttpHeaders headers) {
    }

    private Answer call(String method, String path, Object body, String... headers) throws Exception {
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (body != null) {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response.headers());
    }

    private int register(String subject, Map<String, Object> body) throws Exception {
        Answer answer = call("POST", "/subjects/" + enc(subject) + "/versions", body);
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(Set.of("id"), fieldNames(answer.body()));
        return answer.body().get("id").asInt();
    }

    private int versionOf(String subject, int id) throws Exception {
        for (JsonNode v : call("GET", "/schemas/ids/" + id + "/versions", null).body()) {
            if (v.get("subject").asText().equals(subject)) {
                return v.get("version").asInt();
            }
        }
        throw new AssertionError("id " + id + " not under " + subject);
    }

    private static void assertError(int status, int errorCode, String message, Answer answer) {
        assertEquals(status, answer.status(), answer.body().toString());
        assertEquals(errorCode, answer.body().path("error_code").asInt(), answer.body().toString());
        assertFalse(answer.body().path("message").asText().isEmpty());
        if (message != null) {
            assertEquals(message, answer.body().get("message").asText());
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String record(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[]}";
    }

    private static Map<String, Object> schema(String text) {
        return Map.of("schema", text);
    }

    private static Map<String, Object> imported(String text, int id, int version) {
        Map<String, Object> body = new HashMap<>(schema(text));
        body.put("id", id);
        body.put("version", version);
        return body;
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private static String enc(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String[] basic(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new String[] {"Authorization", "Basic " + token};
    }
}
