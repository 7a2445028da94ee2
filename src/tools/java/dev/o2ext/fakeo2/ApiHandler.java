package dev.o2ext.fakeo2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes and answers the fake's HTTP API on the server's threads: {@code _json} ingestion (subject
 * to the {@link Behaviour} script), OTLP metrics and traces, a minimal {@code _search}, {@code _last}
 * and {@code /healthz}.
 * Every request is recorded once its answer is decided, just before the answer is sent.
 */
final class ApiHandler implements HttpHandler {

    private static final Pattern INGEST = Pattern.compile("^/api/([^/]+)/([^/]*)/_json$");
    private static final Pattern METRICS = Pattern.compile("^/api/([^/]+)/v1/metrics$");
    private static final Pattern TRACES = Pattern.compile("^/api/([^/]+)/v1/traces$");
    private static final Pattern SEARCH = Pattern.compile("^/api/([^/]+)/_search$");
    private static final Pattern LAST = Pattern.compile("^/api/([^/]+)/([^/]+)/_last$");
    private static final Pattern SQL_STREAM = Pattern.compile("(?i)\\bfrom\\s+\"?([^\"\\s]+)\"?");
    private static final long MAX_HANG_MINUTES = 10;
    private static final String PROTOBUF = "application/x-protobuf";

    /** The request being answered; ingestion replaces the body with the decoded one. */
    private static final class Call {
        final long arrivalNanos = System.nanoTime();
        final Instant arrival = Instant.now();
        byte[] body = new byte[0];
    }

    private final String authorization;
    private final Behaviour behaviour;
    private final StreamStore store;
    private final Consumer<RecordedRequest> log;
    private final AtomicInteger hung = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();

    ApiHandler(String authorization, Behaviour behaviour, StreamStore store, Consumer<RecordedRequest> log) {
        this.authorization = authorization;
        this.behaviour = behaviour;
        this.store = store;
        this.log = log;
    }

    /** Requests that were ever stalled. */
    int stalledRequests() {
        return stalled.get();
    }

    /** Requests that were ever held by a hang. */
    int hungRequests() {
        return hung.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Call call = new Call();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            call.body = in.readAllBytes();
            Answer answer = route(exchange, call);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            // recorded before the answer leaves, so that a client holding the answer finds its request
            log.accept(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(headers), call.body, answer.status(),
                    call.arrival, call.arrivalNanos, System.nanoTime(), exchange.getRemoteAddress().getPort()));
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer route(HttpExchange exchange, Call call) throws InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (method.equals("GET") && path.equals("/healthz")) {
            return Answer.json(200, "{\"status\":\"ok\"}");
        }
        Matcher ingest = INGEST.matcher(path);
        if (method.equals("POST") && ingest.matches()) {
            return ingest(exchange, call, ingest.group(1), ingest.group(2));
        }
        Matcher metrics = METRICS.matcher(path);
        if (method.equals("POST") && metrics.matches()) {
            return metrics(exchange, call, metrics.group(1));
        }
        Matcher traces = TRACES.matcher(path);
        if (method.equals("POST") && traces.matches()) {
            return traces(exchange, call, traces.group(1));
        }
        if (!authorized(exchange)) {
            return Answer.unauthorized();
        }
        Matcher search = SEARCH.matcher(path);
        if (method.equals("POST") && search.matches()) {
            return search(search.group(1), call.body);
        }
        Matcher last = LAST.matcher(path);
        if (method.equals("GET") && last.matches()) {
            return last(last.group(1), last.group(2), exchange.getRequestURI().getQuery());
        }
        return Answer.text(404, "Not Found");
    }

    /**
     * What a slow or stuck server does to every ingestion request, logs and metrics alike: a stall's
     * 503 once it ends (the request was never stored), or nothing after a hang or latency.
     */
    private @Nullable Answer held() throws InterruptedException {
        CountDownLatch stall = behaviour.stallLatch();
        if (stall != null) {
            // a server that lost the request: read, never answered, never stored; when the stall
            // ends the exchange is closed with a 503 that a client still waiting would retry
            stalled.incrementAndGet();
            stall.await(MAX_HANG_MINUTES, TimeUnit.MINUTES);
            return Answer.overloaded();
        }
        CountDownLatch hang = behaviour.hangLatch();
        if (hang != null) {
            hung.incrementAndGet();
            hang.await(MAX_HANG_MINUTES, TimeUnit.MINUTES);
        }
        long latency = behaviour.latency().toMillis();
        if (latency > 0) {
            Thread.sleep(latency);
        }
        return null;
    }

    private Answer ingest(HttpExchange exchange, Call call, String organization, String rawStream)
            throws InterruptedException {
        Answer held = held();
        if (held != null) {
            return held;
        }
        Answer scripted = behaviour.scriptedAnswer();
        if (scripted != null) {
            return scripted;
        }
        if (!authorized(exchange)) {
            return Answer.unauthorized();
        }
        try {
            call.body = Bodies.decode(call.body, exchange.getRequestHeaders().getFirst("Content-Encoding"));
        } catch (Bodies.UnsupportedEncoding e) {
            return Answer.text(415, e.getMessage());
        } catch (IOException e) {
            return Answer.text(400, "Invalid compressed body: " + e.getMessage());
        }
        String stream = Names.normalise(rawStream);
        if (stream.isEmpty()) {
            return error(400, "SerdeJsonError# stream name cannot be empty");
        }
        Instant now = Instant.now();
        Ingestion.Outcome outcome;
        try {
            outcome = Ingestion.ingest(call.body, now, behaviour.failEveryNth());
        } catch (Ingestion.MalformedJson e) {
            return error(400, e.getMessage());
        }
        if (behaviour.silentDrop()) {
            return json(200, Ingestion.answer(stream, 0, 0, null));
        }
        store.addAll(outcome.accepted().stream()
                .map(a -> new StoredRecord(organization, stream, a.record(), a.timestampMicros(), call.arrival, call.arrivalNanos))
                .toList());
        return json(200, Ingestion.answer(stream, outcome.accepted().size(), outcome.failed(), outcome.lastError()));
    }

    /** What one OTLP signal's ingestion makes of a decoded body: the rows to store. */
    @FunctionalInterface
    private interface OtlpIngestion {
        List<StoredRecord> rows(String contentType, byte[] body) throws IOException;
    }

    /** OTLP/HTTP metrics ({@link MetricsIngestion}), protobuf or JSON: each metric its own stream. */
    private Answer metrics(HttpExchange exchange, Call call, String organization) throws InterruptedException {
        return otlp(exchange, call, Set.of(PROTOBUF, "application/json"), (contentType, body) -> MetricsIngestion
                .ingest(organization, contentType, body, call.arrival, call.arrivalNanos).rows(), MetricsIngestion.answer());
    }

    /** OTLP/HTTP traces ({@link TracesIngestion}), protobuf only: the stream-name header's stream, else default. */
    private Answer traces(HttpExchange exchange, Call call, String organization) throws InterruptedException {
        String named = exchange.getRequestHeaders().getFirst("stream-name");
        String stream = Names.normalise(named == null || named.isBlank() ? "default" : named);
        return otlp(exchange, call, Set.of(PROTOBUF), (contentType, body) -> TracesIngestion.ingest(organization, stream,
                body, call.arrival, call.arrivalNanos), TracesIngestion.answer());
    }

    /**
     * An OTLP/HTTP export: the same stalls, hangs, latency, outages, persistent status, authorization and gzip as
     * {@code _json} (a stuck server is stuck for every path; the answers queued with {@code nextAnswers} stay for
     * {@code _json}), exact content types.
     */
    private Answer otlp(HttpExchange exchange, Call call, Set<String> contentTypes, OtlpIngestion ingestion,
            byte[] answer) throws InterruptedException {
        Answer held = held();
        if (held != null) {
            return held;
        }
        Answer scripted = behaviour.serverWideAnswer();
        if (scripted != null) {
            return scripted;
        }
        if (!authorized(exchange)) {
            return Answer.unauthorized();
        }
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!contentTypes.contains(contentType)) {
            return Answer.text(415, "Unsupported Content-Type: " + contentType);
        }
        try {
            call.body = Bodies.decode(call.body, exchange.getRequestHeaders().getFirst("Content-Encoding"));
            store.addAll(ingestion.rows(contentType, call.body));
        } catch (Bodies.UnsupportedEncoding e) {
            return Answer.text(415, e.getMessage());
        } catch (IOException | JacksonException e) {
            return Answer.text(400, "Invalid request body");
        }
        return new Answer(200, PROTOBUF, answer, Map.of());
    }

    private Answer search(String organization, byte[] body) {
        JsonNode query;
        try {
            query = Json.MAPPER.readTree(body).path("query");
        } catch (JacksonException e) {
            return error(400, "SerdeJsonError# " + e.getOriginalMessage());
        }
        Matcher stream = SQL_STREAM.matcher(query.path("sql").asString(""));
        if (!stream.find()) {
            return error(400, "Search SQL must name a stream");
        }
        List<StoredRecord> records = store.records(organization, stream.group(1));
        int from = Math.max(0, query.path("from").asInt(0));
        int size = Math.max(0, query.path("size").asInt(100));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("took", 0);
        ArrayNode hits = answer.putArray("hits");
        records.stream().skip(from).limit(size).map(Flattener::flatten).forEach(hits::add);
        answer.put("total", records.size());
        answer.put("from", from);
        answer.put("size", size);
        answer.put("scan_size", 0);
        return json(200, answer);
    }

    private Answer last(String organization, String stream, @Nullable String query) {
        int n = 10;
        if (query != null && query.startsWith("n=")) {
            n = Integer.parseInt(query.substring(2));
        }
        List<StoredRecord> records = store.records(organization, stream);
        ArrayNode answer = Json.MAPPER.createArrayNode();
        records.subList(Math.max(0, records.size() - n), records.size()).forEach(r -> answer.add(r.record()));
        return json(200, answer);
    }

    private boolean authorized(HttpExchange exchange) {
        return authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static Answer error(int status, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("code", status);
        body.put("message", message);
        return json(status, body);
    }

    private static Answer json(int status, JsonNode body) {
        return new Answer(status, "application/json", Json.MAPPER.writeValueAsBytes(body), Map.of());
    }
}
