package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The simulator's protocol, driven in-process by {@link MiniExtension} (no extension processes). */
class LambdaSimulatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String EVENTS = "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}";
    private static final String ALL_TYPES = "\"platform\",\"function\",\"extension\"";

    private final LambdaSimulator simulator = LambdaSimulator.builder().functionName("orders-api").expectedExtensions(1).start();
    private final MiniExtension extension = new MiniExtension(simulator.runtimeApiAddress());
    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        simulator.close();
        extension.close();
    }

    @Test
    void registerAnswersTheFunctionAndAnIdentifierAndRefusesDuplicatesAndBadBodies() throws Exception {
        HttpResponse<String> ok = extension.register("ext-a", EVENTS, "Lambda-Extension-Accept-Feature", "accountId");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue(ExtensionsApi.IDENTIFIER)).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        assertThat(json(ok.body()).properties()).extracting(Map.Entry::getKey)
                .containsExactly("functionName", "functionVersion", "handler", "accountId");
        assertThat(json(ok.body()).get("functionName").asString()).isEqualTo("orders-api");
        assertError(extension.register("ext-a", EVENTS), 403, "Extension.InvalidExtensionState");
        assertError(extension.register("ext-b", ""), 403, "InvalidRequestFormat");
        assertError(extension.register("ext-c", "{\"events\":[\"INVOKE\",\"BOOT\"]}"), 403, "Extension.InvalidEventType");
        assertError(extension.register("", EVENTS), 403, "Extension.InvalidExtensionName");
        assertThat(json(extension.register("ext-d", EVENTS).body()).has("accountId")).isFalse();
    }

    @Test
    void nextAndErrorCallsRequireTheirHeaders() throws Exception {
        String id = extension.register("ext");

        HttpResponse<String> missing = extension.next();
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(json(missing.body())).isEqualTo(fixture("error-missing-identifier.json"));
        assertError(extension.next(ExtensionsApi.IDENTIFIER, "not-registered"), 403, "Extension.InvalidExtensionIdentifier");
        assertError(extension.post("/2020-01-01/extension/exit/error", "", ExtensionsApi.IDENTIFIER, id), 403,
                "Extension.MissingHeader");
    }

    @Test
    void subscriptionsAreValidatedLikeThePlatform() throws Exception {
        String id = extension.register("ext");

        HttpResponse<String> invalid = extension.subscribe(id, "{\"schemaVersion\":\"2025-01-29\",\"types\":[],"
                + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain/telemetry\"}}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid.body())).isEqualTo(fixture("telemetry-validation-error.json"));
        assertError(extension.subscribe(id, MiniExtension.subscription(9001, "2025-01-29", ALL_TYPES)), 400, "ValidationError");
        assertError(extension.subscribe(id, MiniExtension.subscription(4243, "2021-03-18", ALL_TYPES)), 400, "ValidationError");
        assertError(extension.subscribe(id, MiniExtension.subscription(4243, "2025-01-29", "\"platform\",\"logs\"")), 400,
                "ValidationError");
        assertError(extension.subscribe(id, MiniExtension.subscription(4243, "2025-01-29", ALL_TYPES)
                .replace("\"maxItems\":1000", "\"maxItems\":999")), 400, "ValidationError");
        assertError(extension.subscribe(id, MiniExtension.subscription(4243, "2025-01-29", ALL_TYPES)
                .replace("\"timeoutMs\":25", "\"timeoutMs\":24")), 400, "ValidationError");
        HttpResponse<String> ok = extension.subscribe(id, MiniExtension.subscription(4243, "2025-01-29", ALL_TYPES));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("\"OK\"");
        assertThat(simulator.subscriptions()).singleElement()
                .satisfies(s -> assertThat(s.destination().toString()).isEqualTo("http://127.0.0.1:4243/telemetry"));
    }

    @Test
    void aLocalEmulatorAnswersTelemetryNotSupported() throws Exception {
        try (LambdaSimulator emulator = LambdaSimulator.builder().telemetrySupported(false).start();
                MiniExtension client = new MiniExtension(emulator.runtimeApiAddress())) {
            String id = client.register("ext");

            HttpResponse<String> response = client.subscribe(id, MiniExtension.subscription(4243, "2025-01-29", ALL_TYPES));

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(json(response.body())).isEqualTo(fixture("telemetry-not-supported.json"));
        }
    }

    @Test
    void initEndsWhenTheExtensionCallsNextAndThenRegistrationAndSubscriptionClose() throws Exception {
        String id = subscribedExtension();
        startLoop(id);

        InitResult init = simulator.awaitInit(TIMEOUT);

        assertThat(init.status()).isEqualTo(InitResult.Status.READY);
        HttpResponse<String> late = new MiniExtension(simulator.runtimeApiAddress()).register("late", EVENTS);
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(json(late.body())).isEqualTo(fixture("error-registration-closed.json"));
        assertThat(extension.subscribe(id, MiniExtension.subscription(4243, "2025-01-29", ALL_TYPES)).statusCode())
                .isEqualTo(403);
        assertThat(simulator.extensions()).singleElement().satisfies(e -> {
            assertThat(e.registerNanos()).isBetween(simulator.initStartNanos(), e.firstNextNanos());
            assertThat(e.firstNextNanos()).isLessThanOrEqualTo(simulator.initDoneNanos());
        });
    }

    @Test
    void anInitErrorEndsInitAndIsRecorded() throws Exception {
        String id = extension.register("ext");

        HttpResponse<String> answer = extension.post("/2020-01-01/extension/init/error",
                "{\"errorMessage\":\"O2_ORGANIZATION_ID is required\",\"errorType\":\"Extension.ConfigInvalid\"}",
                ExtensionsApi.IDENTIFIER, id, ExtensionsApi.ERROR_TYPE, "Extension.ConfigInvalid");
        InitResult init = simulator.awaitInit(TIMEOUT);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(json(answer.body())).isEqualTo(fixture("error-accepted.json"));
        assertThat(init.status()).isEqualTo(InitResult.Status.INIT_ERROR);
        assertThat(init.error()).isNotNull().satisfies(error -> {
            assertThat(error.errorType()).isEqualTo("Extension.ConfigInvalid");
            assertThat(error.body()).contains("O2_ORGANIZATION_ID");
        });
    }

    @Test
    void anInvocationDeliversItsTelemetryInThePlatformsOrderAndTheReportOnlyAfterNext() throws Exception {
        String id = subscribedExtension();
        startLoop(id);

        JsonNode jsonLine = Json.MAPPER.createObjectNode().put("level", "INFO").put("message", "json line");
        InvocationResult first = simulator.invoke("req-1", List.of("plain line", jsonLine), TIMEOUT);

        assertThat(first.completed()).isTrue();
        assertThat(first.postRuntime()).isPositive();
        assertThat(first.nextCalledNanos()).isGreaterThan(first.runtimeDoneNanos());
        assertThat(events).first().satisfies(invoke -> {
            assertThat(invoke.get("eventType").asString()).isEqualTo("INVOKE");
            assertThat(invoke.get("requestId").asString()).isEqualTo("req-1");
            assertThat(invoke.get("deadlineMs").asLong()).isGreaterThan(System.currentTimeMillis());
            assertThat(invoke.get("invokedFunctionArn").asString()).endsWith(":function:orders-api");
            assertThat(invoke.at("/tracing/value").asString()).startsWith("Root=1-");
        });
        assertThat(types()).containsSubsequence("platform.initStart", "platform.start", "platform.runtimeDone")
                .contains("platform.telemetrySubscription", "platform.extension", "platform.initRuntimeDone",
                        "platform.initReport")
                .doesNotContain("platform.report");
        List<JsonNode> lines = extension.received().stream().filter(e -> e.get("type").asString().equals("function")).toList();
        assertThat(lines).extracting(e -> e.get("record")).extracting(JsonNode::toString)
                .containsExactly("\"plain line\\n\"", "{\"level\":\"INFO\",\"message\":\"json line\"}");
        assertThat(lines).allSatisfy(e -> assertThat(e.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

        simulator.invoke("req-2", List.of("second"), TIMEOUT);

        assertThat(extension.awaitEvent(e -> e.get("type").asString().equals("platform.report"), TIMEOUT)).isTrue();
        JsonNode report = extension.received().stream().filter(e -> e.get("type").asString().equals("platform.report"))
                .findFirst().orElseThrow().get("record");
        assertThat(report.get("requestId").asString()).isEqualTo("req-1");
        assertThat(report.at("/metrics/memorySizeMB").asInt()).isEqualTo(512);
        assertThat(report.at("/metrics/initDurationMs").isNumber()).isTrue();
        assertThat(report.at("/spans/0/name").asString()).isEqualTo("extensionOverhead");
    }

    @Test
    void aFunctionThatRunsPastItsDeadlineTimesOutAndAFailureEndsItWithItsErrorType() throws Exception {
        String id = subscribedExtension();
        startLoop(id);

        InvocationResult failed = simulator.invoke("req-fail", List.of("before", new FunctionFailure("java.lang.IllegalStateException"),
                "after the failure"), TIMEOUT);
        InvocationResult timedOut = simulator.invoke("req-slow", List.of("slow", Duration.ofSeconds(5), "after the deadline"),
                Duration.ofMillis(300));
        simulator.shutdown("timeout", LambdaSimulator.DEFAULT_SHUTDOWN_DEADLINE);

        assertThat(failed.runtimeStatus()).isEqualTo("error");
        assertThat(failed.functionEvents()).hasSize(1);
        assertThat(timedOut.runtimeStatus()).isEqualTo("timeout");
        assertThat(timedOut.completed()).as("the function used the whole deadline").isFalse();
        assertThat(timedOut.functionEvents()).hasSize(1);
        assertThat(extension.awaitEvent(e -> e.get("type").asString().equals("platform.report")
                && e.at("/record/requestId").asString().equals("req-slow"), TIMEOUT)).isTrue();
        for (String type : List.of("platform.runtimeDone", "platform.report")) {
            assertThat(record(type, "req-fail").get("status").asString()).isEqualTo("error");
            assertThat(record(type, "req-fail").get("errorType").asString()).isEqualTo("java.lang.IllegalStateException");
            assertThat(record(type, "req-slow").get("status").asString()).isEqualTo("timeout");
            assertThat(record(type, "req-slow").get("errorType").asString()).isEqualTo("Sandbox.Timedout");
        }
        assertThat(extension.received()).extracting(e -> e.get("record").toString())
                .noneMatch(r -> r.contains("after the failure") || r.contains("after the deadline"));
    }

    private JsonNode record(String type, String requestId) {
        return extension.received().stream().filter(e -> e.get("type").asString().equals(type)
                && e.at("/record/requestId").asString().equals(requestId)).findFirst().orElseThrow().get("record");
    }

    @Test
    void batchesRespectMaxItemsAndOldSchemasGetStringRecords() throws Exception {
        String id = extension.register("ext");
        int port = extension.listen();
        extension.subscribe(id, MiniExtension.subscription(port, "2022-07-01", "\"function\"")
                .replace("\"timeoutMs\":25", "\"timeoutMs\":1000"));
        startLoop(id, false);
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < 2_499; i++) {
            lines.add("line " + i);
        }
        lines.add(Map.of("message", "an object"));

        simulator.invoke("req-1", lines, TIMEOUT);
        simulator.shutdown();

        String last = "{\"message\":\"an object\"}\n";
        assertThat(extension.awaitEvent(e -> e.get("record").asString().equals(last), TIMEOUT)).isTrue();
        assertThat(extension.received()).hasSize(2_500).allSatisfy(e -> assertThat(e.get("record").isString()).isTrue());
        assertThat(simulator.deliveries()).extracting(TelemetryDelivery::items)
                .allSatisfy(items -> assertThat(items).isLessThanOrEqualTo(1_000))
                .startsWith(1_000);
    }

    @Test
    void shutdownSendsTheReasonAndADeadline() throws Exception {
        String id = subscribedExtension();
        startLoop(id);
        simulator.awaitInit(TIMEOUT);
        long before = System.currentTimeMillis();

        ShutdownResult result = simulator.shutdown("timeout", Duration.ofMillis(1_500));

        JsonNode event = awaitShutdownEvent();
        assertThat(result.exits()).isEmpty();
        assertThat(event.get("shutdownReason").asString()).isEqualTo("timeout");
        assertThat(event.get("deadlineMs").asLong()).isBetween(before + 1_500, System.currentTimeMillis() + 1_500);
    }

    private String subscribedExtension() throws IOException, InterruptedException {
        String id = extension.register("ext");
        int port = extension.listen();
        HttpResponse<String> subscribed = extension.subscribe(id, MiniExtension.subscription(port, "2025-01-29", ALL_TYPES));
        assertThat(subscribed.statusCode()).isEqualTo(200);
        return id;
    }

    private void startLoop(String id) {
        startLoop(id, true);
    }

    /** The extension's event loop: after an INVOKE it waits for its runtimeDone, as a real one should. */
    private void startLoop(String id, boolean awaitRuntimeDone) {
        Thread loop = new Thread(() -> {
            try {
                while (true) {
                    JsonNode event = extension.nextEvent(id);
                    events.add(event);
                    if (event.get("eventType").asString().equals("SHUTDOWN")) {
                        return;
                    }
                    if (awaitRuntimeDone) {
                        extension.awaitEvent(MiniExtension.runtimeDoneOf(event.get("requestId").asString()), TIMEOUT);
                    }
                }
            } catch (IOException | InterruptedException | IllegalStateException e) {
                // The simulator closed.
            }
        }, "mini-extension-loop");
        loop.setDaemon(true);
        loop.start();
    }

    private JsonNode awaitShutdownEvent() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (events) {
                for (JsonNode event : events) {
                    if (event.get("eventType").asString().equals("SHUTDOWN")) {
                        return event;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no SHUTDOWN event within " + TIMEOUT);
    }

    private List<String> types() {
        return extension.received().stream().map(e -> e.get("type").asString()).toList();
    }

    private static void assertError(HttpResponse<String> response, int status, String errorType) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response.body());
        assertThat(body.get("errorType").asString()).isEqualTo(errorType);
        assertThat(body.get("errorMessage").asString()).isNotBlank();
    }

    private static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = LambdaSimulatorTest.class.getResourceAsStream("/fixtures/extensions-api/" + name)) {
            assertThat(in).as(name).isNotNull();
            return Json.MAPPER.readTree(in.readAllBytes());
        }
    }
}
