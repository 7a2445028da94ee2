package dev.o2ext.fakeo2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay in front of a server (the fake OpenObserve) that sees what an HTTP server cannot:
 * when each client connection opens and closes, and when bytes flow each way, all on
 * {@link System#nanoTime()}. A request is open from the first byte the client sends after the
 * last answer (or the connection's start) until the server's first byte back or the connection's
 * close. {@link #openRequestsAt(long)} says how many were open at a given instant — e.g. when the
 * extension called next. Thread-safe; {@link #close()} ends every connection.
 */
public final class ConnectionTap implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Connection> connections = new ArrayList<>();

    private ConnectionTap(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tap-accept").start(this::accept);
    }

    /** A tap relaying to {@code 127.0.0.1:port}. */
    public static ConnectionTap inFrontOf(int port) {
        try {
            return new ConnectionTap(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen", e);
        }
    }

    /** {@code http://127.0.0.1:PORT} of the tap. */
    public String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Requests whose client connection was open, waiting for an answer, at {@code nanos}. */
    public int openRequestsAt(long nanos) {
        synchronized (connections) {
            return (int) connections.stream().filter(c -> c.waitingAt(nanos)).count();
        }
    }

    /** Connections the client closed while its request had no answer (a cancelled request). */
    public int closedWhileWaiting() {
        synchronized (connections) {
            return (int) connections.stream().filter(Connection::closedWhileWaiting).count();
        }
    }

    public int connections() {
        synchronized (connections) {
            return connections.size();
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (connections) {
            connections.forEach(Connection::close);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Connection connection = new Connection(client, server);
                synchronized (connections) {
                    connections.add(connection);
                }
                Thread.ofPlatform().daemon().name("tap-up").start(() -> connection.pump(true));
                Thread.ofPlatform().daemon().name("tap-down").start(() -> connection.pump(false));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One client connection with the times of its requests, answers and close. */
    private static final class Connection {

        private final Socket client;
        private final Socket server;
        /** Alternating request and answer start times; a request is open while the list has odd length. */
        private final List<Long> turns = new ArrayList<>();
        private long closedNanos;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(boolean upstream) {
            byte[] chunk = new byte[16 * 1024];
            try (InputStream in = (upstream ? client : server).getInputStream()) {
                OutputStream out = (upstream ? server : client).getOutputStream();
                int read;
                while ((read = in.read(chunk)) >= 0) {
                    turn(upstream);
                    out.write(chunk, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                closed();
            }
        }

        private synchronized void turn(boolean fromClient) {
            boolean waiting = turns.size() % 2 == 1;
            if (fromClient != waiting) {
                turns.add(System.nanoTime());
            }
        }

        private synchronized void closed() {
            if (closedNanos == 0) {
                closedNanos = System.nanoTime();
            }
            close();
        }

        synchronized boolean waitingAt(long nanos) {
            if (closedNanos != 0 && closedNanos - nanos <= 0) {
                return false;
            }
            int before = 0;
            for (long turn : turns) {
                if (turn - nanos <= 0) {
                    before++;
                }
            }
            return before % 2 == 1;
        }

        synchronized boolean closedWhileWaiting() {
            return closedNanos != 0 && turns.size() % 2 == 1;
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
