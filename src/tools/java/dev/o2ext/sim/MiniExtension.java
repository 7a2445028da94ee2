package dev.o2ext.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A minimal external extension: the simulator's own tests drive it in-process as a protocol
 * client, and its {@link #main} runs it as a separate process (JDK and Jackson on the class path)
 * that registers, subscribes, answers each INVOKE by waiting for its {@code platform.runtimeDone}
 * and exits on SHUTDOWN. Flags make it misbehave on purpose: {@code --ignore-shutdown},
 * {@code --exit-during-init}, {@code --crash-on-invoke}.
 */
final class MiniExtension implements AutoCloseable {

    private final String runtimeApi;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<JsonNode> received = new ArrayList<>();
    private @Nullable HttpServer listener;

    MiniExtension(String runtimeApi) {
        this.runtimeApi = runtimeApi;
    }

    HttpResponse<String> register(String name, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/2020-01-01/extension/register", headers)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!name.isEmpty()) {
            request.header(ExtensionsApi.NAME, name);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Registers for INVOKE and SHUTDOWN and returns the identifier. */
    String register(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = register(name, "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("register answered " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue(ExtensionsApi.IDENTIFIER).orElseThrow();
    }

    HttpResponse<String> subscribe(String id, String body) throws IOException, InterruptedException {
        return client.send(request(TelemetryApi.PATH, ExtensionsApi.IDENTIFIER, id)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A subscription body for the listener on {@code port}, with the smallest buffering. */
    static String subscription(int port, String schemaVersion, String types) {
        return "{\"schemaVersion\":\"" + schemaVersion + "\",\"types\":[" + types + "],"
                + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":25},"
                + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:" + port + "/telemetry\"}}";
    }

    HttpResponse<String> next(String... headers) throws IOException, InterruptedException {
        return client.send(request("/2020-01-01/extension/event/next", headers).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode nextEvent(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = next(ExtensionsApi.IDENTIFIER, id);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("next answered " + response.statusCode() + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return client.send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Starts the telemetry listener on a free loopback port; every event it receives is kept. */
    int listen() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/telemetry", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                JsonNode batch = Json.MAPPER.readTree(in.readAllBytes());
                synchronized (received) {
                    batch.forEach(received::add);
                    received.notifyAll();
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        listener = server;
        return server.getAddress().getPort();
    }

    List<JsonNode> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until the listener received an event matching the predicate; false on timeout. */
    boolean awaitEvent(Predicate<JsonNode> predicate, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.stream().noneMatch(predicate)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return true;
        }
    }

    static Predicate<JsonNode> runtimeDoneOf(String requestId) {
        return event -> event.path("type").asString().equals("platform.runtimeDone")
                && event.path("record").path("requestId").asString().equals(requestId);
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.stop(0);
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + runtimeApi + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** Runs as an extension process; the first argument is its name, then optional flags. */
    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "mini-extension";
        Set<String> flags = Set.of(args);
        try (MiniExtension extension = new MiniExtension(System.getenv("AWS_LAMBDA_RUNTIME_API"))) {
            String id = extension.register(name);
            int port = extension.listen();
            extension.subscribe(id, subscription(port, "2025-01-29", "\"platform\",\"function\",\"extension\""));
            System.out.println(name + " registered");
            if (flags.contains("--exit-during-init")) {
                System.exit(3);
            }
            while (true) {
                JsonNode event = extension.nextEvent(id);
                String type = event.path("eventType").asString();
                if (type.equals("INVOKE")) {
                    String requestId = event.path("requestId").asString();
                    System.out.println(name + " invoke " + requestId);
                    if (flags.contains("--crash-on-invoke")) {
                        System.exit(1);
                    }
                    extension.awaitEvent(runtimeDoneOf(requestId), Duration.ofSeconds(5));
                    long lines = extension.received().stream().filter(e -> e.path("type").asString().equals("function")
                            && e.path("record").toString().contains(requestId)).count();
                    System.out.println(name + " runtimeDone " + requestId + " function=" + lines);
                } else {
                    System.out.println(name + " shutdown " + event.path("shutdownReason").asString());
                    if (flags.contains("--ignore-shutdown")) {
                        while (true) {
                            LockSupport.park();
                        }
                    }
                    return;
                }
            }
        }
    }
}
