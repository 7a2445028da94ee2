package dev.o2ext.sim;

import dev.o2ext.fakeo2.FakeOpenObserve;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where {@link LocalLambda}'s extension ships: the project's {@link FakeOpenObserve} on a free
 * loopback port (the default), or the user's own OpenObserve when {@code O2_ENDPOINT} is set in
 * the environment or with {@code --env}; then every {@code O2_*} variable of the environment is
 * passed on as the function configuration. Only the fake can be counted. Nothing here prints or
 * returns the authorization value except {@link #environment()}, which goes to the processes.
 * Used from the control thread.
 */
final class LocalOpenObserve implements AutoCloseable {

    /** A dummy credential that only the local fake accepts; not a secret. */
    static final String LOCAL_AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("local@example.com:local-only".getBytes(StandardCharsets.UTF_8));

    static final String LOCAL_ORGANIZATION = FakeOpenObserve.DEFAULT_ORGANIZATION;

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final @Nullable FakeOpenObserve fake;
    private final Map<String, String> environment;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(QUERY_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    private LocalOpenObserve(@Nullable FakeOpenObserve fake, Map<String, String> environment) {
        this.fake = fake;
        this.environment = Map.copyOf(environment);
    }

    /** The fake unless {@code O2_ENDPOINT} is in {@code options} or {@code user} (the caller's environment). */
    static LocalOpenObserve choose(Map<String, String> options, Map<String, String> user) {
        String endpoint = options.getOrDefault("O2_ENDPOINT", user.getOrDefault("O2_ENDPOINT", ""));
        Map<String, String> environment = new LinkedHashMap<>();
        if (!endpoint.isBlank()) {
            user.forEach((name, value) -> {
                if (name.startsWith("O2_")) {
                    environment.put(name, value);
                }
            });
            options.forEach((name, value) -> {
                if (name.startsWith("O2_")) {
                    environment.put(name, value);
                }
            });
            return new LocalOpenObserve(null, environment);
        }
        FakeOpenObserve started = FakeOpenObserve.start(LOCAL_AUTHORIZATION, LOCAL_ORGANIZATION);
        environment.put("O2_ENDPOINT", started.endpoint());
        environment.put("O2_ORGANIZATION_ID", LOCAL_ORGANIZATION);
        environment.put("O2_AUTHORIZATION_HEADER", LOCAL_AUTHORIZATION);
        options.forEach((name, value) -> {
            if (name.startsWith("O2_")) {
                environment.put(name, value);
            }
        });
        return new LocalOpenObserve(started, environment);
    }

    /** The {@code O2_*} variables for the extension (including the authorization value: never print it). */
    Map<String, String> environment() {
        return environment;
    }

    boolean isFake() {
        return fake != null;
    }

    /** One line that says where the data goes; names no credential. */
    String describe() {
        String where = "organization " + environment.getOrDefault("O2_ORGANIZATION_ID", "(not set)") + ", stream "
                + stream();
        return fake != null
                ? "the project's fake OpenObserve at " + fake.endpoint() + " (" + where + "; O2_ENDPOINT is not set)"
                : "your OpenObserve at " + environment.getOrDefault("O2_ENDPOINT", "?") + " (" + where
                        + "; the O2_* variables of your environment)";
    }

    /** OpenObserve's name of the stream: characters outside {@code [a-zA-Z0-9_:]} become {@code _}, lower case. */
    String stream() {
        return environment.getOrDefault("O2_STREAM", "default").replaceAll("[^a-zA-Z0-9_:]+", "_")
                .toLowerCase(Locale.ROOT);
    }

    /**
     * The {@code type=function} records the fake holds in the stream, as OpenObserve stores them
     * (flattened, lower-case keys), asked through its {@code _search} API as one would ask
     * OpenObserve; empty for a real OpenObserve (its search lags behind ingestion and needs other
     * credentials than an ingestion token).
     */
    Optional<List<JsonNode>> functionRecords() throws IOException, InterruptedException {
        if (fake == null) {
            return Optional.empty();
        }
        ObjectNode query = Json.MAPPER.createObjectNode();
        ObjectNode inner = query.putObject("query");
        inner.put("sql", "SELECT * FROM \"" + stream() + "\" WHERE type = 'function'");
        inner.put("start_time", 0);
        inner.put("end_time", System.currentTimeMillis() * 1000 + 60_000_000L);
        inner.put("from", 0);
        inner.put("size", 1_000_000);
        JsonNode answer = send(HttpRequest.newBuilder(api("/_search?type=logs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(query))));
        // the fake ignores WHERE; a real server would have filtered already
        return Optional.of(StreamSupport.stream(answer.path("hits").spliterator(), false)
                .filter(hit -> hit.path("type").asString("").equals("function")).toList());
    }

    /**
     * The metric streams the fake received (the extension's platform metrics and counters, and the
     * function's own), each with its rows; empty for a real OpenObserve.
     */
    Optional<Map<String, List<JsonNode>>> metrics() {
        if (fake == null) {
            return Optional.empty();
        }
        Map<String, List<JsonNode>> metrics = new java.util.TreeMap<>();
        for (String stream : fake.streams()) {
            List<JsonNode> rows = fake.records(stream);
            if (!rows.isEmpty() && rows.get(0).has("__name__")) {
                metrics.put(stream, rows);
            }
        }
        return Optional.of(metrics);
    }

    /**
     * The spans the fake received ({@code POST /api/{org}/v1/traces}), in every stream, in arrival
     * order; empty for a real OpenObserve.
     */
    Optional<List<JsonNode>> spans() {
        if (fake == null) {
            return Optional.empty();
        }
        return Optional.of(fake.streams().stream().flatMap(stream -> fake.records(stream).stream())
                .filter(row -> row.has("span_id") && row.has("operation_name")).toList());
    }

    @Override
    public void close() {
        if (fake != null) {
            fake.close();
        }
    }

    private URI api(String path) {
        return URI.create(environment.get("O2_ENDPOINT") + "/api/" + environment.get("O2_ORGANIZATION_ID") + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request.timeout(QUERY_TIMEOUT)
                .header("Authorization", LOCAL_AUTHORIZATION).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("the fake OpenObserve answered " + response.statusCode() + " to " + request.build().uri());
        }
        return Json.MAPPER.readTree(response.body());
    }
}
