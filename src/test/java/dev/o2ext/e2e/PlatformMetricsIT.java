package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.ConnectionTap;
import dev.o2ext.fakeo2.OutageMode;
import dev.o2ext.sim.FunctionFailure;
import dev.o2ext.sim.InvocationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Platform metrics and delivery counters from the built extension under the simulator, as the
 * fake OpenObserve stores them (one stream per metric name, one row per data point).
 */
class PlatformMetricsIT extends EndToEndTest {

    private static final String PADDING = "y".repeat(150);

    @Test
    void everyInvocationsMetricsArriveWithTheirAttributesAndOneColdStart() throws Exception {
        start(Map.of());
        invoke("m-1", lines("m-1", 2));
        invoke("m-2", lines("m-2", 2));
        invoke("m-3", lines("m-3", 2));
        assertThat(sim().shutdown("timeout", Duration.ofSeconds(2)).single().exitedBeforeDeadline()).isTrue();

        List<JsonNode> invocations = fake.records("aws_lambda_enhanced_invocations");
        printMetrics();
        assertThat(invocations).extracting(r -> r.path("faas_invocation_id").asString())
                .containsExactlyInAnyOrder("m-1", "m-2", "m-3");
        assertThat(invocations).allSatisfy(r -> {
            assertThat(r.path("value").asDouble()).isEqualTo(1.0);
            assertThat(r.path("__type__").asString()).isEqualTo("counter");
            assertThat(r.path("faas_name").asString()).isEqualTo(sim().config().functionName());
            assertThat(r.path("service_name").asString()).isEqualTo(sim().config().functionName());
            assertThat(r.path("cloud_region").asString()).isNotEmpty();
            assertThat(r.path("faas_version").asString()).isNotEmpty();
            assertThat(r.path("status").asString()).isEqualTo("success");
        });
        List<JsonNode> cold = fake.records("aws_lambda_enhanced_cold_starts");
        assertThat(cold).hasSize(1);
        assertThat(cold.get(0).path("faas_invocation_id").asString()).isEqualTo("m-1");
        assertThat(fake.records("aws_lambda_enhanced_init_duration")).hasSize(1);
        assertThat(fake.records("aws_lambda_enhanced_duration")).hasSize(3)
                .allSatisfy(r -> assertThat(r.path("value").asDouble()).isPositive());
        assertThat(fake.records("aws_lambda_enhanced_memory_size"))
                .allSatisfy(r -> assertThat(r.path("value").asDouble()).isEqualTo(sim().config().memorySizeMb()));
        assertThat(fake.records("aws_lambda_enhanced_post_runtime_duration")).hasSize(3);
        assertThat(fake.records("aws_lambda_enhanced_runtime_duration")).hasSize(3);
        assertThat(fake.records("aws_lambda_enhanced_errors")).isEmpty();
        assertThat(fake.records("aws_lambda_enhanced_shutdowns")).singleElement()
                .satisfies(r -> assertThat(r.path("reason").asString()).isEqualTo("timeout"));
        // the delivery counters at shutdown: every function line was received
        List<JsonNode> received = fake.records("o2_extension_records_received");
        assertThat(received).isNotEmpty();
        assertThat(received.get(received.size() - 1).path("value").asDouble()).isPositive();
        assertThat(fake.records("o2_extension_buffer_capacity")).isNotEmpty();
    }

    @Test
    void aBurstIntoASmallBufferWarnsOnceCountsTheDropsAndMetricsSurviveTheOutage() throws Exception {
        start(Map.of("O2_MAX_BUFFER_SIZE_MB", "1"));
        invoke("warm", lines("warm", 2));
        fake.startOutage(OutageMode.REFUSE);
        invoke("burst", burst(20_000));
        invoke("during", lines("during", 2));
        fake.endOutage();
        invoke("after", lines("after", 2));
        long bufferFull = diagnostics().path("counters").path("dropped").path("buffer_full").asLong();
        assertThat(shutdown().single().exitedBeforeDeadline()).isTrue();

        String output = extension().outputText();
        assertThat(count(output, "data is being lost")).as("first-drop warnings in:\n%s", output).isEqualTo(1);
        assertThat(output).contains("buffer_full", "O2_MAX_BUFFER_SIZE_MB");
        List<JsonNode> dropped = fake.records("o2_extension_records_dropped").stream()
                .filter(r -> r.path("reason").asString().equals("buffer_full")).toList();
        assertThat(dropped).isNotEmpty();
        assertThat(dropped.get(dropped.size() - 1).path("value").asLong())
                .isEqualTo(bufferFull).isPositive();
        assertThat(fake.records("aws_lambda_enhanced_invocations")).extracting(r -> r.path("faas_invocation_id").asString())
                .as("metrics made during the outage arrive after it").contains("burst", "during", "after");
    }

    @Test
    void aTimeoutAndAnErrorOfTheFunctionAreCountedWithTheirStatusAndErrorType() throws Exception {
        start(Map.of());
        invoke("ok", lines("ok", 1));
        invoke("failing", List.of("failing starts", new FunctionFailure("java.lang.IllegalStateException")));
        // the function works past its 1 s deadline: Lambda ends it (runtimeDone and report status
        // timeout), then resets the sandbox with SHUTDOWN reason timeout
        InvocationResult slow = sim().invoke("slow", List.of("slow starts", Duration.ofSeconds(3), "never printed"),
                Duration.ofSeconds(1));
        assertThat(slow.runtimeStatus()).isEqualTo("timeout");
        assertThat(sim().shutdown("timeout", Duration.ofSeconds(2)).single().exitedBeforeDeadline()).isTrue();

        assertThat(fake.records("aws_lambda_enhanced_timeouts")).as("output:\n%s", extension().outputText())
                .singleElement().satisfies(r -> {
                    assertThat(r.path("faas_invocation_id").asString()).isEqualTo("slow");
                    assertThat(r.path("value").asDouble()).isEqualTo(1.0);
                    assertThat(r.path("__type__").asString()).isEqualTo("counter");
                    assertThat(r.path("status").asString()).isEqualTo("timeout");
                    assertThat(r.path("error_type").asString()).isEqualTo("Sandbox.Timedout");
                    assertThat(r.path("faas_name").asString()).isEqualTo(sim().config().functionName());
                    assertThat(r.path("faas_coldstart").asString()).isEqualTo("false");
                });
        assertThat(fake.records("aws_lambda_enhanced_errors"))
                .extracting(r -> r.path("faas_invocation_id").asString() + " " + r.path("status").asString() + " "
                        + r.path("error_type").asString())
                .containsExactlyInAnyOrder("failing error java.lang.IllegalStateException",
                        "slow timeout Sandbox.Timedout");
        assertThat(fake.records("aws_lambda_enhanced_invocations"))
                .extracting(r -> r.path("faas_invocation_id").asString() + " " + r.path("status").asString())
                .containsExactlyInAnyOrder("ok success", "failing error", "slow timeout");
        assertThat(fake.records("aws_lambda_enhanced_runtime_duration"))
                .filteredOn(r -> r.path("faas_invocation_id").asString().equals("slow")).singleElement()
                .satisfies(r -> {
                    assertThat(r.path("status").asString()).isEqualTo("timeout");
                    assertThat(r.path("value").asDouble()).isGreaterThanOrEqualTo(1_000.0);
                });
        assertThat(fake.records("aws_lambda_enhanced_out_of_memory")).isEmpty();
        assertThat(fake.records("aws_lambda_enhanced_shutdowns")).singleElement()
                .satisfies(r -> assertThat(r.path("reason").asString()).isEqualTo("timeout"));
        assertThat(fake.records("aws_lambda_enhanced_crashes")).isEmpty();
    }

    @Test
    void whileOpenObserveStallsMetricsKeepTheLogsFlushBudgetAndArriveOnceAfterIt() throws Exception {
        try (ConnectionTap tap = ConnectionTap.inFrontOf(fake.port())) {
            start(Map.of("O2_ENDPOINT", tap.endpoint(), "O2_FLUSH_BUDGET_MS", "1000"));
            Map<Long, Integer> openAtNext = new ConcurrentHashMap<>();
            sim().onNextCall(nanos -> openAtNext.put(nanos, tap.openRequestsNow()));
            invoke("warm", lines("warm", 2));
            invoke("before", lines("before", 2));
            fake.stall();
            // its flush has the logs and the metrics of "before" (report) and "stalled" (runtimeDone)
            // to send, within one budget: what the stall holds past it waits for the next flush
            InvocationResult stalled = invoke("stalled", lines("stalled", 2));
            int stalledRequests = fake.stalledRequests();
            fake.endStall();
            invoke("after", lines("after", 2));
            assertThat(shutdown().single().exitedBeforeDeadline()).isTrue();

            assertThat(stalledRequests).as("requests the stall held").isPositive();
            assertThat(openAtNext.get(stalled.nextCalledNanos()))
                    .as("requests still open when the extension called next: the budget ended metrics as logs")
                    .isZero();
            assertThat(fake.records("aws_lambda_enhanced_invocations"))
                    .extracting(r -> r.path("faas_invocation_id").asString())
                    .as("each invocation counted once, none lost to the stall")
                    .containsExactlyInAnyOrder("warm", "before", "stalled", "after");
            assertThat(fake.records("aws_lambda_enhanced_runtime_duration"))
                    .extracting(r -> r.path("faas_invocation_id").asString())
                    .containsExactlyInAnyOrder("warm", "before", "stalled", "after");
        }
    }

    @Test
    void logsDroppedErrorsAndOutOfMemoryFromThePlatformAreCounted() throws Exception {
        start(Map.of());
        invoke("ok", lines("ok", 1));
        sim().publishPlatformEvent("platform.logsDropped", json(
                "{\"reason\":\"Some logs were dropped because the downstream consumer is slower\",\"droppedRecords\":42,\"droppedBytes\":4200}"));
        sim().publishPlatformEvent("platform.report", json("{\"requestId\":\"oom\",\"status\":\"error\","
                + "\"errorType\":\"Runtime.OutOfMemory\",\"metrics\":{\"durationMs\":10,\"billedDurationMs\":10,"
                + "\"memorySizeMB\":128,\"maxMemoryUsedMB\":128}}"));
        invoke("after", lines("after", 1));
        assertThat(sim().shutdown("failure", Duration.ofSeconds(2)).single().exitedBeforeDeadline()).isTrue();

        assertThat(fake.records("aws_lambda_enhanced_logs_dropped_records")).singleElement()
                .satisfies(r -> assertThat(r.path("value").asDouble()).isEqualTo(42.0));
        assertThat(fake.records("aws_lambda_enhanced_logs_dropped_bytes")).singleElement()
                .satisfies(r -> assertThat(r.path("value").asDouble()).isEqualTo(4200.0));
        List<JsonNode> total = fake.records("o2_extension_platform_logs_dropped_records");
        assertThat(total.get(total.size() - 1).path("value").asDouble()).as("the counter at shutdown").isEqualTo(42.0);
        assertThat(fake.records("aws_lambda_enhanced_errors")).singleElement()
                .satisfies(r -> assertThat(r.path("error_type").asString()).isEqualTo("Runtime.OutOfMemory"));
        assertThat(fake.records("aws_lambda_enhanced_out_of_memory")).singleElement()
                .satisfies(r -> assertThat(r.path("faas_invocation_id").asString()).isEqualTo("oom"));
        assertThat(fake.records("aws_lambda_enhanced_crashes")).hasSize(1);
    }

    private static JsonNode json(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
    }

    private void printMetrics() {
        for (String stream : List.of("aws_lambda_enhanced_invocations", "aws_lambda_enhanced_duration",
                "aws_lambda_enhanced_cold_starts", "o2_extension_records_received")) {
            fake.records(stream).forEach(r -> System.out.println("metric " + stream + ": " + r));
        }
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static List<Object> burst(int n) {
        List<Object> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(String.format("burst line %06d %s", i, PADDING));
        }
        return lines;
    }
}
