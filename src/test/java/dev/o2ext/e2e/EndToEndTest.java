package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.FakeOpenObserve;
import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.ExtensionProcess;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.LambdaSimulator;
import dev.o2ext.sim.ShutdownResult;
import dev.o2ext.sim.TelemetryDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the end-to-end tests: a fake OpenObserve that accepts only {@link #SECRET}, a
 * simulator that launches the packaged extension with the environment of
 * {@code docs/configuration.md} (free ports, 100 ms first retry delay), and helpers to invoke, read
 * diagnostics and query what arrived. Everything is closed (processes killed) after each test, and
 * the extension's output is written to {@code target/e2e-logs/} for diagnosis.
 */
abstract class EndToEndTest {

    /** A distinctive credential, so that any leak of it is unambiguous. */
    static final String SECRET = "Basic c2VjcmV0LXRva2VuLTQyOnh5eg==";
    static final String ORGANIZATION = "e2e-org";
    static final String STREAM = "lambda-logs";
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);
    /** Reasons counted when a record is refused at ingest; every other reason is a drop after acceptance. */
    static final Set<String> INGEST_DROP_REASONS = Set.of("buffer_full", "record_too_large", "shut_down");

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String testName = "e2e";

    protected final FakeOpenObserve fake = FakeOpenObserve.start(SECRET, ORGANIZATION);
    protected @Nullable LambdaSimulator simulator;
    protected @Nullable ExtensionProcess extension;
    protected final int diagnosticsPort = FreePorts.next();

    @BeforeEach
    void rememberName(TestInfo info) {
        testName = getClass().getSimpleName() + "-" + info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @AfterEach
    void closeEverything() throws IOException {
        try {
            if (extension != null) {
                Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
                Files.writeString(logs.resolve(testName + ".log"), extension.outputText() + "\n");
            }
        } finally {
            if (simulator != null) {
                simulator.close();
            }
            fake.close();
        }
    }

    /** The extension's environment: everything a test needs, with free ports and quick retries. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("O2_ORGANIZATION_ID", ORGANIZATION);
        environment.put("O2_AUTHORIZATION_HEADER", SECRET);
        environment.put("O2_ENDPOINT", fake.endpoint());
        environment.put("O2_STREAM", STREAM);
        environment.put("O2_TELEMETRY_PORT", Integer.toString(FreePorts.next()));
        environment.put("O2_DIAGNOSTICS_PORT", Integer.toString(diagnosticsPort));
        environment.put("O2_INITIAL_RETRY_DELAY_MS", "100");
        return environment;
    }

    /** Starts the simulator and the extension; {@code overrides} replace or add variables, {@code removed} are left out. */
    ExtensionProcess launch(Map<String, String> overrides, String... removed) {
        Map<String, String> environment = environment();
        environment.putAll(overrides);
        List.of(removed).forEach(environment::remove);
        simulator = simulatorBuilder().start();
        extension = simulator.launchExtension(ExtensionCommand.resolve(), environment);
        return extension;
    }

    /** The simulated function; a test of another kind of environment adds to it. */
    LambdaSimulator.Builder simulatorBuilder() {
        return LambdaSimulator.builder().functionName("e2e-function").functionVersion("7").region("eu-west-1")
                .memorySizeMb(512);
    }

    /** {@link #launch} and a successful Init. */
    ExtensionProcess start(Map<String, String> overrides) throws InterruptedException {
        ExtensionProcess process = launch(overrides);
        InitResult init = sim().awaitInit(INIT_TIMEOUT);
        assertThat(init.status()).as("Init of the extension; its output:\n%s", process.outputText())
                .isEqualTo(InitResult.Status.READY);
        return process;
    }

    ExtensionProcess start() throws InterruptedException {
        return start(Map.of());
    }

    /** One invocation that must complete (the extension called next again before the function timeout). */
    InvocationResult invoke(String requestId, List<?> lines) throws InterruptedException {
        InvocationResult result = sim().invoke(requestId, lines, FUNCTION_TIMEOUT);
        assertThat(result.completed()).as("invocation %s completed; extension output:\n%s", requestId,
                extension().outputText()).isTrue();
        return result;
    }

    ShutdownResult shutdown() throws InterruptedException {
        return sim().shutdown();
    }

    /** Lines {@code "<requestId> line <i>"} and, last, one JSON-format record. */
    static List<Object> lines(String requestId, int strings) {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < strings; i++) {
            lines.add(requestId + " line " + i);
        }
        lines.add(Map.of("level", "INFO", "requestId", requestId, "message", requestId + " json line"));
        return lines;
    }

    /** The diagnostics document, read with the processes thawed (telemetry still held back). */
    JsonNode diagnostics() throws Exception {
        return JSON.readTree(diagnosticsText());
    }

    String diagnosticsText() throws Exception {
        return sim().whileThawed(() -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + diagnosticsPort + "/diagnostics"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("diagnostics status").isEqualTo(200);
            return response.body();
        });
    }

    /** Records refused at ingest: {@code counters.dropped} summed over {@link #INGEST_DROP_REASONS}. */
    static long droppedAtIngest(JsonNode diagnostics) {
        return droppedWhere(diagnostics, true);
    }

    /** Records lost after the buffer took them: {@code counters.dropped} over every other reason. */
    static long droppedAfterAcceptance(JsonNode diagnostics) {
        return droppedWhere(diagnostics, false);
    }

    private static long droppedWhere(JsonNode diagnostics, boolean atIngest) {
        long total = 0;
        for (Map.Entry<String, JsonNode> reason : diagnostics.path("counters").path("dropped").properties()) {
            if (INGEST_DROP_REASONS.contains(reason.getKey()) == atIngest) {
                total += reason.getValue().asLong();
            }
        }
        return total;
    }

    static long counter(JsonNode diagnostics, String name) {
        return diagnostics.path("counters").path(name).asLong(-1);
    }

    /** Telemetry events the simulator delivered and the extension answered with 2xx. */
    long deliveredTelemetryEvents() {
        return sim().deliveries().stream().filter(TelemetryDelivery::accepted).mapToLong(TelemetryDelivery::items).sum();
    }

    List<StoredRecord> stored() {
        return fake.stored(STREAM);
    }

    List<StoredRecord> storedOfType(String type) {
        return stored().stream().filter(r -> r.record().path("type").asString("").equals(type)).toList();
    }

    /** Stored {@code function} records tagged with this request id. */
    List<StoredRecord> functionLinesOf(String requestId) {
        return storedOfType("function").stream()
                .filter(r -> r.record().path("requestId").asString("").equals(requestId)).toList();
    }

    /** Stored records whose {@code record} (a line) or {@code message} mentions the text. */
    List<StoredRecord> storedMentioning(String text) {
        return stored().stream().filter(r -> r.record().path("record").toString().contains(text)
                || r.record().path("message").asString("").contains(text)).toList();
    }

    LambdaSimulator sim() {
        if (simulator == null) {
            throw new IllegalStateException("launch the extension first");
        }
        return simulator;
    }

    ExtensionProcess extension() {
        if (extension == null) {
            throw new IllegalStateException("launch the extension first");
        }
        return extension;
    }
}
