package dev.kafkalink.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.schemas.registry.RegistrySettings;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach the source or destination registry, under {@code source.} and {@code destination.}:
 * URLs, basic or bearer authentication, TLS and mTLS; the names follow Confluent's serializer
 * settings so that users can copy them. Secrets are PASSWORD keys.
 */
final class RegistryConnectionConfig {

    static final String URL = "schema.registry.url";
    static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    static final String BEARER_TOKEN = "bearer.auth.token";
    static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";
    static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
    static final String KEYSTORE_LOCATION = "ssl.keystore.location";
    static final String KEYSTORE_PASSWORD = "ssl.keystore.password";
    static final String KEYSTORE_TYPE = "ssl.keystore.type";
    static final String KEY_PASSWORD = "ssl.key.password";

    static final String USER_INFO = "USER_INFO";

    private RegistryConnectionConfig() {
    }

    static void define(ConfigDef def, ClusterRole role) {
        String who = role == ClusterRole.SOURCE ? "source" : "destination";
        String group = role == ClusterRole.SOURCE ? "Source registry" : "Destination registry";
        int order = 0;
        def.define(role.key(URL), Type.LIST, ConfigDef.NO_DEFAULT_VALUE, urlValidator(), Importance.HIGH,
                "URLs of the " + who + " schema registry (Confluent REST API: Confluent Schema Registry, Karapace, Redpanda, "
                        + "Apicurio's /apis/ccompat/v7), comma separated; tried in turn.",
                group, ++order, Width.LONG, "Registry URLs");
        def.define(role.key(BASIC_AUTH_SOURCE), Type.STRING, USER_INFO, basicAuthSourceValidator(), Importance.LOW,
                "Where HTTP basic credentials come from: USER_INFO (" + role.key(BASIC_AUTH_USER_INFO) + "), the only "
                        + "source accepted, so that credentials are a PASSWORD setting and never part of a logged URL.",
                group, ++order, Width.SHORT, "Basic auth source");
        def.define(role.key(BASIC_AUTH_USER_INFO), Type.PASSWORD, null, Importance.MEDIUM,
                "HTTP basic credentials as user:password; empty for none.", group, ++order, Width.MEDIUM, "Basic auth user info");
        def.define(role.key(BEARER_TOKEN), Type.PASSWORD, null, Importance.MEDIUM,
                "A static bearer token (Authorization: Bearer); not together with basic credentials.",
                group, ++order, Width.MEDIUM, "Bearer token");
        def.define(role.key(TRUSTSTORE_LOCATION), Type.STRING, null, Importance.MEDIUM,
                "Trust store for https URLs; empty trusts the JVM's default certificate authorities.",
                group, ++order, Width.LONG, "Trust store");
        def.define(role.key(TRUSTSTORE_PASSWORD), Type.PASSWORD, null, Importance.MEDIUM,
                "Password of the trust store.", group, ++order, Width.MEDIUM, "Trust store password");
        def.define(role.key(TRUSTSTORE_TYPE), Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
                Importance.LOW, "Trust store format.", group, ++order, Width.SHORT, "Trust store type");
        def.define(role.key(KEYSTORE_LOCATION), Type.STRING, null, Importance.MEDIUM,
                "Key store with the client certificate, for registries that require mutual TLS.",
                group, ++order, Width.LONG, "Key store");
        def.define(role.key(KEYSTORE_PASSWORD), Type.PASSWORD, null, Importance.MEDIUM,
                "Password of the key store.", group, ++order, Width.MEDIUM, "Key store password");
        def.define(role.key(KEYSTORE_TYPE), Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
                Importance.LOW, "Key store format.", group, ++order, Width.SHORT, "Key store type");
        def.define(role.key(KEY_PASSWORD), Type.PASSWORD, null, Importance.LOW,
                "Password of the private key; empty means the key store password.", group, ++order, Width.MEDIUM, "Key password");
    }

    /** Problems of combinations that single keys cannot show, as (key, message); empty when none. */
    static List<String[]> contradictions(AbstractConfig config, ClusterRole role) {
        List<String[]> problems = new ArrayList<>();
        if (config.getPassword(role.key(BEARER_TOKEN)) != null && (userInfo(config, role).isPresent())) {
            problems.add(new String[] {role.key(BEARER_TOKEN),
                "Use either a bearer token or basic credentials, not both"});
        }
        return problems;
    }

    static RegistrySettings settings(AbstractConfig config, ClusterRole role, Duration requestTimeout) {
        String who = role == ClusterRole.SOURCE ? "source" : "destination";
        List<URI> urls = new ArrayList<>();
        for (String url : config.getList(role.key(URL))) {
            urls.add(URI.create(url.trim()));
        }
        Optional<String> authorization;
        Password bearer = config.getPassword(role.key(BEARER_TOKEN));
        if (bearer != null && !bearer.value().isEmpty()) {
            authorization = Optional.of("Bearer " + bearer.value());
        } else {
            authorization = userInfo(config, role).map(info ->
                    "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        }
        return new RegistrySettings(who + " schema registry", role.prefix(), urls, authorization, sslContext(config, role),
                requestTimeout);
    }

    private static Optional<String> userInfo(AbstractConfig config, ClusterRole role) {
        Password info = config.getPassword(role.key(BASIC_AUTH_USER_INFO));
        return info == null || info.value().isEmpty() ? Optional.empty() : Optional.of(info.value());
    }

    private static Optional<SSLContext> sslContext(AbstractConfig config, ClusterRole role) {
        String truststore = config.getString(role.key(TRUSTSTORE_LOCATION));
        String keystore = config.getString(role.key(KEYSTORE_LOCATION));
        if (blank(truststore) && blank(keystore)) {
            return Optional.empty();
        }
        try {
            TrustManagerFactory trust = null;
            if (!blank(truststore)) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(truststore, config.getString(role.key(TRUSTSTORE_TYPE)), config.getPassword(role.key(TRUSTSTORE_PASSWORD))));
            }
            KeyManagerFactory keys = null;
            if (!blank(keystore)) {
                Password storePassword = config.getPassword(role.key(KEYSTORE_PASSWORD));
                Password keyPassword = config.getPassword(role.key(KEY_PASSWORD));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keystore, config.getString(role.key(KEYSTORE_TYPE)), storePassword),
                        chars(keyPassword != null ? keyPassword : storePassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (GeneralSecurityException | IOException e) {
            // The message names the file, never a password.
            throw new ConfigException("Cannot set up TLS for the " + role.prefix() + "schema registry from "
                    + (blank(keystore) ? truststore : keystore) + ": " + e.getMessage());
        }
    }

    /** Stores that cannot be opened on this worker, as (key, message); names files, never passwords. */
    static List<String[]> storeProblems(AbstractConfig config, ClusterRole role) {
        List<String[]> problems = new ArrayList<>();
        String[][] stores = {{TRUSTSTORE_LOCATION, TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD},
            {KEYSTORE_LOCATION, KEYSTORE_TYPE, KEYSTORE_PASSWORD}};
        for (String[] store : stores) {
            String location = config.getString(role.key(store[0]));
            if (blank(location)) {
                continue;
            }
            try {
                load(location, config.getString(role.key(store[1])), config.getPassword(role.key(store[2])));
            } catch (GeneralSecurityException | IOException e) {
                problems.add(new String[] {role.key(store[0]), "Cannot open " + location + " on this worker: "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())});
            }
        }
        return problems;
    }

    private static KeyStore load(String location, String type, Password password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, chars(password));
        }
        return store;
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static ConfigDef.Validator basicAuthSourceValidator() {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            if (!USER_INFO.equalsIgnoreCase((String) value)) {
                throw new ConfigException(key, value, "Only USER_INFO is supported: put the credentials in basic.auth.user.info "
                        + "(a PASSWORD setting); credentials in URLs would show in logs");
            }
        }, () -> USER_INFO);
    }

    private static ConfigDef.Validator urlValidator() {
        return ConfigDef.LambdaValidator.with((key, value) -> {
            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) value;
            if (urls == null || urls.isEmpty()) {
                throw new ConfigException(key, value, "Give at least one registry URL, for example http://registry:8081");
            }
            for (String url : urls) {
                String problem = urlProblem(url.trim());
                if (problem != null) {
                    // Not ConfigException(key, value, ...): the value may hold a password (user:password@host).
                    throw new ConfigException("Invalid value for " + key + ": " + problem);
                }
            }
        }, () -> "http(s) URLs, comma separated");
    }

    private static String urlProblem(String url) {
        String shown = url.replaceFirst("//[^/@]*@", "//***@");
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                return "'" + shown + "' is not an http:// or https:// URL";
            }
            if (uri.getHost() == null) {
                return "'" + shown + "' has no host";
            }
            if (uri.getUserInfo() != null) {
                return "'" + shown + "' holds credentials; put them in basic.auth.user.info (a PASSWORD setting) instead, "
                        + "URLs show in logs";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + shown + "' is not a URL: " + e.getReason().replace(url, shown);
        }
    }
}
