package dev.o2ext.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * An HTTPS front for a plain HTTP server on 127.0.0.1: terminates TLS with a self-signed
 * certificate for {@code 127.0.0.1} and pipes the bytes through, so that the extension ships to
 * {@code https://127.0.0.1:PORT} as it ships to OpenObserve's HTTPS endpoint on Lambda. The
 * certificate and a trust store (the JDK's cacerts plus it) are made with the JDK's {@code keytool}; the
 * extension trusts it with {@link #trustStoreOptions()}.
 */
final class TlsFront implements AutoCloseable {

    private static final String PASSWORD = "changeit";

    private final SSLServerSocket server;
    private final Path trustStore;
    private final int backendPort;
    private final Thread acceptor;
    private final List<Socket> sockets = new ArrayList<>();

    private TlsFront(SSLServerSocket server, Path trustStore, int backendPort) {
        this.server = server;
        this.trustStore = trustStore;
        this.backendPort = backendPort;
        this.acceptor = new Thread(this::acceptLoop, "tls-front-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Makes a key pair ({@code RSA} or {@code EC}) and a trust store in {@code directory} and
     * listens on a free loopback port in front of {@code backendPort}.
     */
    static TlsFront start(Path directory, String keyAlgorithm, int backendPort) {
        try {
            Files.createDirectories(directory);
            Path keyStore = directory.resolve("server-" + keyAlgorithm + ".p12");
            Path certificate = directory.resolve("server-" + keyAlgorithm + ".cer");
            Path trustStore = directory.resolve("trust-" + keyAlgorithm + ".cacerts");
            for (Path path : List.of(keyStore, certificate, trustStore)) {
                Files.deleteIfExists(path);
            }
            List<String> keySize = keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1")
                    : List.of("-keysize", "2048");
            List<String> genkey = new ArrayList<>(List.of("-genkeypair", "-alias", "server", "-keyalg", keyAlgorithm));
            genkey.addAll(keySize);
            genkey.addAll(List.of("-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD));
            keytool(genkey);
            keytool(List.of("-exportcert", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                    "-file", certificate.toString()));
            // the JDK's own trust anchors plus ours, in the JDK's format: the extension loads as many
            // certificates as with the real cacerts, and no password-based integrity check that the
            // real one does not have either (training and benchmark take the production path)
            Files.copy(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"), trustStore);
            trustStore.toFile().setWritable(true, true);
            keytool(List.of("-importcert", "-noprompt", "-alias", "o2-test", "-file", certificate.toString(),
                    "-keystore", trustStore.toString(), "-storepass", PASSWORD));

            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new TlsFront(server, trustStore, backendPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://127.0.0.1:PORT}. */
    String endpoint() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    /** JVM options that make the extension trust the certificate besides the JDK's own anchors. */
    String trustStoreOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(backend);
                }
                pipe(client, backend);
                pipe(backend, client);
            } catch (IOException e) {
                // a failed handshake or a closed server: the next accept tells
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }, "tls-front-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void keytool(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments.get(0) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
