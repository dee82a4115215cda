package dev.kafkalink.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

/** The stand-in over HTTPS: trusted by the test authority's trust store, and with mutual TLS only for clients with a certificate. */
class ConfluentRegistryHttpsTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.create();

    @Test
    void servesHttpsToClientsThatTrustItsAuthority() throws Exception {
        try (ConfluentRegistryStandIn registry = ConfluentRegistryStandIn.start(
                new ConfluentRegistryStandIn.Tls(CERTIFICATES.sslContext("registry"), false))) {
            assertTrue(registry.url().startsWith("https://127.0.0.1:"), registry.url());
            assertEquals(200, get(registry.url(), CERTIFICATES.trustingContext()));
            assertThrows(IOException.class, () -> get(registry.url(), SSLContext.getDefault()), "the JVM's authorities do not know ours");
        }
    }

    @Test
    void withMutualTlsRefusesClientsWithoutACertificate() throws Exception {
        try (ConfluentRegistryStandIn registry = ConfluentRegistryStandIn.start(
                new ConfluentRegistryStandIn.Tls(CERTIFICATES.sslContext("registry"), true))) {
            assertEquals(200, get(registry.url(), CERTIFICATES.sslContext("link")));
            assertThrows(IOException.class, () -> get(registry.url(), CERTIFICATES.trustingContext()));
        }
    }

    private static int get(String url, SSLContext context) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        return client.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
