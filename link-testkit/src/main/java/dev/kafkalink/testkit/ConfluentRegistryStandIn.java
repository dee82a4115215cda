package dev.kafkalink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import dev.kafkalink.testkit.RegistryRoutes.Reply;

/**
 * A TEST STAND-IN for the REST API of Confluent Schema Registry, NOT a schema registry. No Confluent Schema Registry
 * can run on the test machines, so tests of the schema exporter talk to this in-process HTTP server instead. It
 * follows the Confluent Schema Registry 7.x behaviour described in {@code TESTING.md} ("A Schema Registry"): explicit
 * ids only in IMPORT mode, IMPORT on a registry with subjects only with {@code ?force=true}, an id reused for a
 * different schema refused with 42205, one id space and one set of subjects per context ({@code :.ctx:subject}),
 * {@code GET /subjects?subjectPrefix=:*:} and {@code /contexts}, 40408 for an unset subject config.
 *
 * <p>Served: {@code /subjects} (list, lookup, register, versions, soft and hard delete), {@code /schemas/ids/{id}}
 * (and {@code /versions}), {@code /schemas/types}, {@code /contexts}, {@code /mode}, {@code /config}. Errors are
 * {@code {"error_code":N,"message":"..."}} with the HTTP status taken from the first three digits of N; responses are
 * {@code application/vnd.schemaregistry.v1+json}; any request content type is accepted.
 *
 * <p>Less obvious Confluent behaviour it keeps (read from Confluent's {@code KafkaSchemaRegistry}): GET /subjects
 * without {@code subjectPrefix} lists every context (the default prefix is {@code :*:}; {@code subjectPrefix=} with
 * an empty value lists the default context only); IMPORT mode also refuses a registration without an id; a version
 * without an id is accepted in READWRITE only when it is the next one (else 42201); in IMPORT mode an existing
 * version is overwritten without a check, so an exporter must read back what it wrote; a schema already registered
 * under the subject is answered with its id before the mode is looked at.
 *
 * <p>Data contracts (Confluent 7.4+): a registration's {@code metadata} and {@code ruleSet} are kept with the version
 * in Confluent's form (see {@link RegistryDataContracts}) and answered by {@code GET /subjects/{s}/versions/{v}},
 * {@code GET /schemas/ids/{id}} and the lookup; they are part of the schema's identity, so the same text with other
 * metadata gets a new id and a new version.
 *
 * <p>What it does NOT do, unlike Confluent: no compatibility checks (the config is stored and reported, never
 * applied); no schema parsing, so schema texts are neither validated nor canonicalised and "the same schema" means
 * equal type, text, references, metadata and rule set; no {@code normalize}, schema tags
 * ({@code schemaTagsToAdd}), default or override metadata and rule sets from the config, metadata inherited from the
 * previous version, rule execution, exporters or READONLY_OVERRIDE; no cross-context fallback for unqualified
 * subjects; nothing survives {@link #close()}.
 *
 * <p>Change feed, opt-in ({@link #start(String, String)}): like Confluent, Karapace and Redpanda, the stand-in then
 * writes every change to a Kafka topic in Confluent's {@code _schemas} record format, before it answers the request.
 * It only writes that topic, never reads it: a new stand-in starts empty whatever the topic holds, so give each
 * stand-in a topic of its own. Unlike Confluent it writes a soft-deleted subject's versions one by one before its
 * {@code DELETE_SUBJECT} record, and no {@code CLEAR_SUBJECT} record (the versions it clears get tombstones).
 *
 * <p>HTTPS, opt-in ({@link #start(Tls)}): the stand-in then serves TLS with the given server context, and with
 * {@link Tls#clientCertificateRequired()} refuses any client without a certificate the context trusts (mutual TLS), as
 * Confluent Schema Registry does with {@code ssl.client.authentication=REQUIRED}.
 *
 * <p>Test controls: {@link #setUnavailable}, {@link #failRequests}, {@link #holdRequests}, {@link #requireBasicAuth},
 * {@link #requireBearerToken} and the request counters {@link #requests()}, {@link #writeRequests()} and
 * {@link #failedRequests()}. Thread-safe.
 */
public final class ConfluentRegistryStandIn implements AutoCloseable {

    /**
     * How requests fail while a fault is set ({@link #failRequests}): every {@code everyNth} request (1:
     * all) answers {@code status} with Confluent's error body ({@code 50001} "Error in the backend data
     * store" for 500, {@code 50003} for 503, ...). With {@code afterHandling} the request is carried out
     * first and only its answer is lost, as when a registry's write succeeds but the connection to the
     * client breaks, or a proxy in front of it times out.
     */
    public record RequestFault(int status, int everyNth, boolean afterHandling) {
        public RequestFault {
            if (status < 500 || status > 599 || everyNth < 1) {
                throw new IllegalArgumentException("a server error status and everyNth >= 1, not " + status + ", " + everyNth);
            }
        }

        /** Every request answers {@code status} and is not carried out. */
        public static RequestFault every(int status) {
            return new RequestFault(status, 1, false);
        }
    }

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "DELETE");

    /** The Authorization header a request must carry: a scheme and its credentials (decoded for Basic). */
    private record Credentials(String scheme, String secret) {
        boolean acceptedIn(String header) {
            int space = header == null ? -1 : header.indexOf(' ');
            if (space < 0 || !header.substring(0, space).equalsIgnoreCase(scheme)) {
                return false;
            }
            String given = header.substring(space + 1).trim();
            if (scheme.equals("Basic")) {
                try {
                    given = new String(Base64.getDecoder().decode(given), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            return given.equals(secret);
        }
    }

    /** HTTPS settings: the server's TLS context and whether clients must present a certificate. */
    public record Tls(SSLContext serverContext, boolean clientCertificateRequired) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final RegistryRoutes routes;
    private final RegistryFeed feed;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong writeRequests = new AtomicLong();
    private volatile boolean unavailable;
    private volatile RequestFault fault;
    private final AtomicLong faultCounter = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private volatile Credentials required;
    private volatile CompletableFuture<Void> hold;
    private final AtomicLong heldRequests = new AtomicLong();

    private ConfluentRegistryStandIn(HttpServer server, ExecutorService executor, RegistryFeed feed) {
        this.server = server;
        this.executor = executor;
        this.feed = feed;
        RegistrySettings settings = new RegistrySettings(feed);
        this.routes = new RegistryRoutes(new RegistryStore(settings, feed), settings);
    }

    /** Starts an empty stand-in on 127.0.0.1 and a free port: global mode READWRITE, compatibility BACKWARD. */
    public static ConfluentRegistryStandIn start() {
        return start(RegistryFeed.NONE, null);
    }

    /** Starts an empty stand-in, as {@link #start()}, that serves HTTPS only. */
    public static ConfluentRegistryStandIn start(Tls tls) {
        return start(RegistryFeed.NONE, tls);
    }

    /**
     * Starts an empty stand-in, as {@link #start()}, that also writes each change to {@code topic} in Confluent's
     * {@code _schemas} record format before it answers. The topic is created if missing (1 partition, compacted,
     * replication factor 1). A record that cannot be written fails its request with 500.
     */
    public static ConfluentRegistryStandIn start(String kafkaBootstrapServers, String topic) {
        return start(Map.of("bootstrap.servers", kafkaBootstrapServers), topic, null);
    }

    /**
     * As {@link #start(String, String)}, with the Kafka client settings (bootstrap servers, security) of the cluster
     * that holds the topic, and HTTPS unless {@code tls} is null.
     */
    public static ConfluentRegistryStandIn start(Map<String, Object> kafkaClientSettings, String topic, Tls tls) {
        RegistryFeed feed = KafkaRegistryFeed.open(kafkaClientSettings, topic);
        try {
            return start(feed, tls);
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    private static ConfluentRegistryStandIn start(RegistryFeed feed, Tls tls) {
        // The JDK server leaves Nagle on by default, which costs ~45 ms per request (delayed ACK); measured ~1 ms
        // without it. The property is read once per JVM, when the first HttpServer is created.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
            HttpServer server = tls == null ? HttpServer.create(address, 0) : https(address, tls);
            ExecutorService executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "confluent-registry-stand-in");
                thread.setDaemon(true);
                return thread;
            });
            ConfluentRegistryStandIn standIn = new ConfluentRegistryStandIn(server, executor, feed);
            server.createContext("/", standIn::handle);
            server.setExecutor(executor);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Confluent Schema Registry stand-in", e);
        }
    }

    private static HttpsServer https(InetSocketAddress address, Tls tls) throws IOException {
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.serverContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(tls.clientCertificateRequired());
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT} or {@code https://...}, without a trailing slash. */
    public String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stops the server and closes the feed's Kafka clients; all registered schemas are lost. */
    @Override
    public void close() {
        holdRequests(false);
        server.stop(0);
        executor.shutdownNow();
        feed.close();
    }

    /** While true, every request answers 503 with {@code {"error_code":50003,...}}, before any authentication. */
    public void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /**
     * While true, every request waits unanswered (as behind a registry that hangs) until called with false or
     * {@link #close()}; {@link #heldRequests()} counts those waiting.
     */
    public synchronized void holdRequests(boolean held) {
        CompletableFuture<Void> current = hold;
        if (held && current == null) {
            hold = new CompletableFuture<>();
        } else if (!held && current != null) {
            hold = null;
            current.complete(null);
        }
    }

    /** Requests waiting now because of {@link #holdRequests}. */
    public long heldRequests() {
        return heldRequests.get();
    }

    /** From now on requests fail as {@code fault} says, until called with null. */
    public void failRequests(RequestFault fault) {
        faultCounter.set(0);
        this.fault = fault;
    }

    /** Requests answered with an error by {@link #failRequests} or {@link #setUnavailable}. */
    public long failedRequests() {
        return failedRequests.get();
    }

    /** From now on every request needs {@code Authorization: Basic ...} with these credentials, else 401. */
    public void requireBasicAuth(String user, String password) {
        this.required = new Credentials("Basic", user + ":" + password);
    }

    /** From now on every request needs {@code Authorization: Bearer token}, else 401. Replaces Basic auth. */
    public void requireBearerToken(String token) {
        this.required = new Credentials("Bearer", token);
    }

    /** POST, PUT and DELETE requests received, whatever their answer, except those refused for authentication. */
    public long writeRequests() {
        return writeRequests.get();
    }

    /** Every request received. */
    public long requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            waitWhileHeld();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Reply reply;
            try {
                reply = answer(exchange, body);
            } catch (RuntimeException e) {
                // A bug in the stand-in should fail the test with a message, not hang the client.
                reply = RegistryRoutes.error(500, 50001, "Stand-in failure: " + e);
            }
            byte[] json = RegistryRoutes.JSON.writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), json.length);
            exchange.getResponseBody().write(json);
        }
    }

    private void waitWhileHeld() {
        CompletableFuture<Void> current = hold;
        if (current == null) {
            return;
        }
        heldRequests.incrementAndGet();
        try {
            current.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            heldRequests.decrementAndGet();
        }
    }

    private Reply answer(HttpExchange exchange, byte[] body) {
        String method = exchange.getRequestMethod();
        if (unavailable) {
            countWrite(method);
            failedRequests.incrementAndGet();
            return RegistryRoutes.error(503, 50003, "Schema Registry stand-in is set unavailable");
        }
        RequestFault current = fault;
        boolean failing = current != null && faultCounter.incrementAndGet() % current.everyNth() == 0;
        if (failing && !current.afterHandling()) {
            countWrite(method);
            return failed(current);
        }
        Credentials credentials = required;
        if (credentials != null && !credentials.acceptedIn(exchange.getRequestHeaders().getFirst("Authorization"))) {
            String challenge = credentials.scheme().equals("Basic") ? "Basic realm=\"SchemaRegistry\"" : "Bearer";
            exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
            return RegistryRoutes.error(401, 401, "Unauthorized");
        }
        countWrite(method);
        Reply reply = routes.handle(method, exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), body);
        return failing ? failed(current) : reply;
    }

    private Reply failed(RequestFault fault) {
        failedRequests.incrementAndGet();
        return RegistryRoutes.error(fault.status(), fault.status() * 100 + (fault.status() == 500 ? 1 : 3),
                fault.status() == 500 ? "Error in the backend data store (stand-in fault)" : "Stand-in fault " + fault.status());
    }

    private void countWrite(String method) {
        if (WRITE_METHODS.contains(method)) {
            writeRequests.incrementAndGet();
        }
    }
}
