package dev.kafkalink.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;

/**
 * How to reach one registry: its URLs (tried in turn), the Authorization header if any, the TLS
 * context for https URLs (host names are always verified), and a request timeout. {@code name} says which registry in messages
 * ("source schema registry") and {@code keyPrefix} which keys configure it ("source.").
 */
public record RegistrySettings(String name, String keyPrefix, List<URI> urls, Optional<String> authorization,
                               Optional<SSLContext> sslContext, Duration requestTimeout) {

    public RegistrySettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("A registry needs at least one URL");
        }
    }
}
