package dev.o2ext.fakeo2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TCP relay in front of a server (the fake OpenObserve) that sees what an HTTP server cannot:
 * each client connection, whether it closed, and when bytes flow each way. A request is open from
 * the first byte the client sends after the
 * last answer (or the connection's start) until the server's first byte back or the connection's
 * close. {@link #openRequestsNow()} says how many are open at this instant, from the kernel's state
 * of the sockets (call it when the extension calls next: {@code LambdaSimulator.onNextCall}).
 * Thread-safe; {@link #close()} ends every connection.
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

    /**
     * Requests open now: connections whose client has sent a request that has no answer yet
     * (or whose request bytes wait unread in the tap's socket) and has not closed. Read from the
     * kernel's table of TCP sockets ({@code /proc/net/tcp}), not from when the relay's threads
     * noticed: a client that closed its connection and then called next is seen closed here even
     * while the relay thread has not yet woken up to the close.
     */
    public int openRequestsNow() {
        Map<Integer, long[]> sockets = kernelSockets(listener.getLocalPort());
        synchronized (connections) {
            return (int) connections.stream().filter(c -> c.openNow(sockets.get(c.clientPort()))).count();
        }
    }

    /**
     * The tap's accepted sockets by the client's port: {state, bytes received and not yet read}.
     * A socket the client closed is in CLOSE_WAIT (or gone).
     */
    private static Map<Integer, long[]> kernelSockets(int localPort) {
        Map<Integer, long[]> sockets = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 5 || port(fields[1]) != localPort) {
                    continue;
                }
                long state = Long.parseLong(fields[3], 16);
                long unread = Long.parseLong(fields[4].substring(fields[4].indexOf(':') + 1), 16);
                sockets.put(port(fields[2]), new long[] {state, unread});
            }
        }
        return sockets;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
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

        /** The state {@code /proc/net/tcp} gives a socket neither side has closed. */
        private static final long TCP_ESTABLISHED = 1;

        private final Socket client;
        private final Socket server;
        /** Requests and answers begun, alternating: a request is waiting for its answer while it is odd. */
        private int turns;
        private boolean closed;

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
            if (fromClient != waiting()) {
                turns++;
            }
        }

        private synchronized void closed() {
            closed = true;
            close();
        }

        private boolean waiting() {
            return turns % 2 == 1;
        }

        int clientPort() {
            return client.getPort();
        }

        /** Open given the kernel's {state, unread bytes} of the tap's socket for this client (null: gone). */
        synchronized boolean openNow(long[] socket) {
            if (socket == null || socket[0] != TCP_ESTABLISHED) {
                return false;
            }
            return waiting() || socket[1] > 0;
        }

        synchronized boolean closedWhileWaiting() {
            return closed && waiting();
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
