package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.ShutdownResult;
import dev.o2ext.sim.TelemetryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The happy path: what a function prints reaches OpenObserve within its own invocation, and every report arrives. */
class DeliveryIT extends EndToEndTest {

    @Test
    void everyFunctionLineArrivesWithItsRequestIdBeforeTheExtensionCallsNext() throws Exception {
        start();

        for (String requestId : List.of("req-1", "req-2", "req-3")) {
            InvocationResult result = invoke(requestId, lines(requestId, 4));

            List<StoredRecord> stored = functionLinesOf(requestId);
            assertThat(stored).as("function lines of %s in OpenObserve when the extension called next; all"
                    + " records stored:%n%s", requestId, describe(stored()))
                    .hasSize(result.functionEvents().size());
            for (TelemetryEvent line : result.functionEvents()) {
                StoredRecord match = stored.stream().filter(r -> sameLine(r.record(), line.record()))
                        .findFirst().orElseThrow(() -> new AssertionError("not stored: " + line.record()));
                JsonNode record = match.record();
                assertThat(match.arrivalNanos()).as("arrival before next").isLessThanOrEqualTo(result.nextCalledNanos());
                assertThat(record.get("_timestamp").asLong() / 1000).as("_timestamp in the event's millisecond")
                        .isEqualTo(line.epochMicros() / 1000);
                assertThat(record.get("type").asString()).isEqualTo("function");
                assertThat(record.get("function_name").asString()).isEqualTo("e2e-function");
                assertThat(record.get("function_version").asString()).isEqualTo("7");
                assertThat(record.get("region").asString()).isEqualTo("eu-west-1");
            }
            assertThat(stored.stream().sorted(Comparator.comparingLong(r -> r.record().get("_timestamp").asLong()))
                    .map(r -> r.record().path("message").asString()).toList())
                    .as("sorted by _timestamp, the lines are in the order printed, also within one millisecond")
                    .containsExactlyElementsOf(result.functionEvents().stream().map(line -> line.record().isString()
                            ? line.record().asString().strip() : line.record().path("message").asString()).toList());
        }
        assertThat(storedOfType("function")).hasSize(15);
    }

    @Test
    void theReportOfEveryInvocationArrivesTheLastOneDuringShutdown() throws Exception {
        start();
        List<InvocationResult> results = new ArrayList<>();
        for (String requestId : List.of("req-1", "req-2", "req-3")) {
            results.add(invoke(requestId, lines(requestId, 2)));
        }
        assertThat(reportsOf("req-3")).as("the last report cannot exist before Shutdown").isEmpty();

        ShutdownResult shutdown = shutdown();

        assertThat(shutdown.single().exitedBeforeDeadline()).as("exit before the deadline").isTrue();
        assertThat(shutdown.single().exitCode()).isZero();
        for (InvocationResult result : results) {
            assertThat(reportsOf(result.requestId())).as("platform.report of %s", result.requestId()).hasSize(1)
                    .allSatisfy(report -> assertThat(report.path("record").path("metrics").path("billedDurationMs")
                            .isNumber()).isTrue());
        }
        assertThat(sim().errors()).isEmpty();
    }

    /** A text line is stored as received in {@code record}; a JSON-format object as its fields. */
    private static boolean sameLine(JsonNode stored, JsonNode printed) {
        if (printed.isString()) {
            return printed.equals(stored.get("record"));
        }
        return !stored.has("record") && printed.path("message").equals(stored.path("message"))
                && printed.path("level").equals(stored.path("level"))
                && printed.path("requestId").equals(stored.path("requestId"));
    }

    private static String describe(List<StoredRecord> records) {
        StringBuilder text = new StringBuilder();
        records.forEach(r -> text.append(r.arrivalNanos()).append(' ').append(r.record()).append('\n'));
        return text.toString();
    }

    private List<JsonNode> reportsOf(String requestId) {
        return storedOfType("platform.report").stream().map(StoredRecord::record)
                .filter(r -> r.path("record").path("requestId").asString("").equals(requestId)).toList();
    }
}
