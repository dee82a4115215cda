package dev.kafkalink.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Registers schemas in a registry through the Confluent REST API, eight at a time. */
final class RegistryLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RegistryLoad() {
    }

    /** {@code count} Avro records, one per subject {@code events.EventN-value}. */
    static void avroSubjects(String url, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "Event" + i;
                String schema = "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
                done.add(pool.submit(() -> register(url, "events." + name + "-value", schema)));
            }
            for (Future<?> registered : done) {
                registered.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Void register(String url, String subject, String schema) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("schemaType", "AVRO", "schema", schema));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Registering " + subject + " answered " + response.statusCode() + ": " + response.body());
        }
        return null;
    }

    /** How many subjects the registry lists. */
    static int subjects(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).size();
    }
}
