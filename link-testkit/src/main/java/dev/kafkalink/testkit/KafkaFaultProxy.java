package dev.kafkalink.testkit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A TCP proxy in front of one Kafka broker that can make some clients' requests fail for a while,
 * while every other client goes on as usual: the broker advertises the proxy's address, so every
 * client reaches the broker through it after bootstrap.
 *
 * <p>It reads the requests clients send (Kafka's framing: a 4-byte size, then the request header,
 * whose {@code client_id} every request header from version 1 carries) and, while {@link #failClients}
 * is set, closes any connection on which a matching client sends a request, before the request reaches
 * the broker. The client sees a broken connection, as when a broker is overloaded or a network path
 * breaks, retries within its timeouts and then fails with a retriable error; it never gets an answer.
 * Answers from the broker are copied unread. Used to make the Admin API of a real cluster fail (Kafka
 * Link's Admin clients have ids ending in {@code -admin}) while producers and consumers keep working.
 */
public final class KafkaFaultProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private volatile Supplier<String> upstream = () -> null;
    private volatile Predicate<String> failing = id -> false;
    private volatile boolean closed;

    private KafkaFaultProxy(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "kafka-fault-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on localhost and a free port; connections are closed until {@link #forwardTo} says where the broker is. */
    public static KafkaFaultProxy start() {
        try {
            return new KafkaFaultProxy(new ServerSocket(0, 50, InetAddress.getByName("localhost")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} of the broker, asked again for each connection (it may only be known once the broker runs). */
    public void forwardTo(Supplier<String> brokerAddress) {
        this.upstream = brokerAddress;
    }

    /** From now on, a connection on which a client whose id matches sends a request is closed; null: none. */
    public void failClients(Predicate<String> clientIds) {
        this.failing = clientIds == null ? id -> false : clientIds;
    }

    /** Connections closed so far because a failing client sent a request on them. */
    public long refusedConnections() {
        return refused.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(KafkaFaultProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread connection = new Thread(() -> connect(client), "kafka-fault-proxy-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void connect(Socket client) {
        String address;
        try {
            address = upstream.get();
        } catch (RuntimeException notRunningYet) {
            address = null;
        }
        if (address == null || address.endsWith(":" + port())) {
            closeQuietly(client);
            return;
        }
        int colon = address.lastIndexOf(':');
        Socket broker = new Socket();
        try {
            broker.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 5_000);
            client.setTcpNoDelay(true);
            broker.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(broker);
            return;
        }
        sockets.add(client);
        sockets.add(broker);
        Thread answers = new Thread(() -> copy(broker, client), "kafka-fault-proxy-answers");
        answers.setDaemon(true);
        answers.start();
        forwardRequests(client, broker);
    }

    /** Client to broker, request by request, so that a failing client's request never reaches the broker. */
    private void forwardRequests(Socket client, Socket broker) {
        try (DataInputStream in = new DataInputStream(client.getInputStream()); OutputStream out = broker.getOutputStream()) {
            while (true) {
                int size = in.readInt();
                byte[] request = new byte[size];
                in.readFully(request);
                if (failing.test(clientId(request))) {
                    refused.incrementAndGet();
                    break;
                }
                out.write(ByteBuffer.allocate(4).putInt(size).array());
                out.write(request);
                out.flush();
            }
        } catch (IOException e) {
            // closed by either side
        } finally {
            closeQuietly(client);
            closeQuietly(broker);
            sockets.remove(client);
            sockets.remove(broker);
        }
    }

    /** The {@code client_id} of a request header (api key, api version, correlation id, then a nullable int16 string). */
    static String clientId(byte[] request) {
        if (request.length < 10) {
            return "";
        }
        ByteBuffer header = ByteBuffer.wrap(request);
        header.position(8);
        int length = header.getShort();
        if (length < 0 || length > request.length - 10) {
            return "";
        }
        return new String(request, 10, length, StandardCharsets.UTF_8);
    }

    private void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (EOFException e) {
            // closed
        } catch (IOException e) {
            // closed by either side
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
