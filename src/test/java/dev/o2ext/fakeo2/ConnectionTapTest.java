package dev.o2ext.fakeo2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionTapTest {

    /** A server that reads requests and answers a line for each one that says "answer". */
    private final ServerSocket server = serve();

    private final ConnectionTap tap = ConnectionTap.inFrontOf(server.getLocalPort());

    @AfterEach
    void close() throws Exception {
        tap.close();
        server.close();
    }

    @Test
    void aRequestWithoutAnAnswerIsOpenAndIsClosedTheMomentItsClientClosesIt() throws Exception {
        Socket client = connect();
        client.getOutputStream().write("wait\n".getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().flush();
        awaitOpen(1);

        client.close();
        // no waiting: the kernel's socket table says so at once, whenever the relay notices
        assertThat(tap.openRequestsNow()).isZero();
    }

    @Test
    void anAnsweredRequestIsNotOpen() throws Exception {
        try (Socket client = connect()) {
            OutputStream out = client.getOutputStream();
            out.write("answer\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = client.getInputStream();
            assertThat(in.read()).isEqualTo('o');
            assertThat(tap.openRequestsNow()).isZero();
        }
    }

    @Test
    void anIdleConnectionIsNotOpen() throws Exception {
        try (Socket client = connect()) {
            assertThat(tap.openRequestsNow()).isZero();
        }
    }

    private Socket connect() throws Exception {
        URI endpoint = URI.create(tap.endpoint());
        return new Socket(endpoint.getHost(), endpoint.getPort());
    }

    private void awaitOpen(int expected) throws InterruptedException {
        for (int i = 0; i < 500 && tap.openRequestsNow() != expected; i++) {
            Thread.sleep(10);
        }
        assertThat(tap.openRequestsNow()).isEqualTo(expected);
    }

    private static ServerSocket serve() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread.ofPlatform().daemon().start(() -> answer(connection));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            return socket;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                if (line.toString().equals("answer")) {
                    connection.getOutputStream().write("ok\n".getBytes(StandardCharsets.UTF_8));
                    connection.getOutputStream().flush();
                }
                line.setLength(0);
            }
        } catch (Exception e) {
            // the client went away
        }
    }

}
