package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.ConnectionTap;
import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.ShutdownResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OpenObserve takes a request and never answers it (an overloaded ingester, a half-open
 * connection) while a periodic flush runs in the middle of an invocation. A TCP tap between the
 * extension and the fake OpenObserve sees every connection's requests, answers and close, so the
 * test can tell what was open at the moment the extension called next.
 */
class StalledRequestIT extends EndToEndTest {

    /** The telemetry buffering timeout (25 ms) plus scheduling slack of a loaded two-core machine. */
    private static final Duration TOLERANCE = Duration.ofMillis(250);

    private final ConnectionTap tap = ConnectionTap.inFrontOf(fake.port());

    @AfterEach
    void closeTap() {
        tap.close();
    }

    @Test
    void aStalledBackgroundRequestIsCancelledWithinTheBudgetNothingIsOpenAtNextAndNothingIsLost() throws Exception {
        Duration budget = Duration.ofMillis(1_000);
        start(Map.of("O2_ENDPOINT", tap.endpoint(), "O2_FLUSH_BUDGET_MS", Long.toString(budget.toMillis()),
                "O2_FLUSH_INTERVAL_MS", "300"));
        Map<Long, Integer> openAt = new ConcurrentHashMap<>();
        sim().onNextCall(nanos -> openAt.put(nanos, tap.openRequestsNow()));
        // the first flush of a JVM opens the connection and runs the client's code for the first time
        InvocationResult warm = invoke("warm", lines("warm", 4));
        InvocationResult before = invoke("before", lines("before", 4));

        fake.stall();
        List<Object> working = new ArrayList<>(lines("stalled", 4));
        working.add(Duration.ofMillis(1_500)); // the periodic flush sends the first lines meanwhile
        working.addAll(lines("stalled-late", 2));
        InvocationResult stalled = invoke("stalled", working);
        int stalledRequests = fake.stalledRequests();
        fake.endStall();
        InvocationResult after = invoke("after", lines("after", 4));
        ShutdownResult shutdown = shutdown();

        List<InvocationResult> all = List.of(warm, before, stalled, after);
        List<Integer> openAtNext = all.stream().map(r -> openAt.getOrDefault(r.nextCalledNanos(), -1)).toList();
        System.out.printf("stalled request: post-runtime %s ms (budget %d ms), requests open at next %s,"
                + " stalled requests %d, cancelled by the extension %d, connections %d%n",
                all.stream().map(r -> r.postRuntime().toMillis()).toList(), budget.toMillis(), openAtNext,
                stalledRequests, tap.closedWhileWaiting(), tap.connections());
        Map<String, Long> delivered = new java.util.LinkedHashMap<>();
        for (String requestId : List.of("warm", "before", "stalled", "stalled-late", "after")) {
            delivered.put(requestId, (long) linesMentioning(requestId + " ").size());
        }
        System.out.printf("stalled request: lines delivered per invocation after recovery %s; shutdown %s%n",
                delivered, shutdown.single());

        assertThat(stalledRequests).as("OpenObserve stalled a request of the periodic flush").isPositive();
        assertThat(openAtNext).as("requests open when the extension called next").containsOnly(0);
        assertThat(tap.closedWhileWaiting()).as("the stalled request was cancelled, its connection closed")
                .isPositive();
        for (InvocationResult result : all.subList(1, all.size())) {
            assertThat(result.postRuntime()).as("post-runtime time of %s", result.requestId())
                    .isLessThanOrEqualTo(budget.plus(TOLERANCE));
        }
        assertNoLossNoDuplicates("before", 4);
        assertNoLossNoDuplicates("stalled", 4);
        assertNoLossNoDuplicates("after", 4);
        assertThat(linesMentioning("stalled line ")).hasSize(4);
        assertThat(linesMentioning("stalled-late line")).hasSize(2);
        assertThat(shutdown.single().exitedBeforeDeadline()).isTrue();
    }

    /** Stored {@code function} lines whose text contains {@code text}. */
    private List<StoredRecord> linesMentioning(String text) {
        return storedOfType("function").stream().filter(r -> line(r.record()).contains(text))
                .toList();
    }

    /** Every line of the invocation is stored exactly once (the JSON line included). */
    private void assertNoLossNoDuplicates(String requestId, int strings) {
        Map<String, Long> copies = functionLinesOf(requestId).stream().map(StoredRecord::record)
                .collect(Collectors.groupingBy(StalledRequestIT::line, Collectors.counting()));
        assertThat(copies).as("lines of %s", requestId).hasSizeGreaterThanOrEqualTo(strings + 1);
        assertThat(copies.values()).as("copies of each line of %s", requestId).containsOnly(1L);
    }

    /** A stored line as printed: a text line's original, or the columns a JSON line became. */
    private static String line(JsonNode record) {
        return record.has("record") ? record.get("record").toString() : record.toString();
    }
}
