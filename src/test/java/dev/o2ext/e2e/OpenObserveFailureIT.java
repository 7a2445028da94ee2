package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.Answer;
import dev.o2ext.fakeo2.OutageMode;
import dev.o2ext.fakeo2.RecordedRequest;
import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.OutputLine;
import dev.o2ext.sim.ShutdownResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenObserve failing in the ways the real server fails, and what the extension makes of it. */
class OpenObserveFailureIT extends EndToEndTest {

    /**
     * What a held invocation may take above its flush budget: the telemetry buffering timeout (25 ms)
     * and the scheduling slack of a loaded two-core machine. Short of the first retry's backoff
     * (O2_INITIAL_RETRY_DELAY_MS, 1 s) past a 200 ms budget, so a flush that ignored its budget and
     * waited to retry still fails the check; the figures themselves are printed, not asserted.
     */
    private static final Duration TOLERANCE = Duration.ofMillis(600);

    @Test
    void threeServiceUnavailableAnswersThenRecoveryLoseNothing() throws Exception {
        start();
        fake.nextAnswers(3, Answer.overloaded());

        invoke("req-1", lines("req-1", 9));
        invoke("req-2", lines("req-2", 9));
        JsonNode diagnostics = diagnostics();
        ShutdownResult shutdown = shutdown();

        assertThat(fake.ingestRequests()).extracting(RecordedRequest::status).filteredOn(s -> s == 503).hasSize(3);
        assertThat(counter(diagnostics, "retries")).isGreaterThanOrEqualTo(3);
        assertThat(droppedAfterAcceptance(diagnostics) + droppedAtIngest(diagnostics)).as("drops").isZero();
        assertNoLossNoDuplicates(List.of("req-1", "req-2"), 10);
        assertThat(shutdown.single().exitedBeforeDeadline()).isTrue();
    }

    @Test
    void aFourSecondOutageLosesNothingAndHoldsNoInvocationLongerThanTheFlushBudget() throws Exception {
        Duration budget = Duration.ofMillis(1_000);
        start(Map.of("O2_FLUSH_BUDGET_MS", Long.toString(budget.toMillis())));
        invoke("before", lines("before", 4));

        fake.outage(Duration.ofSeconds(4), OutageMode.REFUSE);
        List<InvocationResult> duringOutage = new ArrayList<>();
        while (fake.outageActive() && duringOutage.size() < 30) {
            String requestId = "outage-" + duringOutage.size();
            duringOutage.add(invoke(requestId, lines(requestId, 4)));
        }
        // once the circuit is open invocations are quick: 30 of them can end before the outage does
        while (fake.outageActive()) {
            Thread.sleep(20);
        }
        InvocationResult after = invoke("after", lines("after", 4));
        JsonNode diagnostics = diagnostics();
        ShutdownResult shutdown = shutdown();

        System.out.printf("post-runtime during a 4 s outage with a %d ms flush budget: %s ms%n", budget.toMillis(),
                append(duringOutage, after).stream().map(r -> Long.toString(r.postRuntime().toMillis())).toList());
        assertThat(duringOutage).as("invocations during the outage").hasSizeGreaterThanOrEqualTo(2);
        for (InvocationResult result : append(duringOutage, after)) {
            assertThat(result.postRuntime()).as("post-runtime time of %s", result.requestId())
                    .isLessThanOrEqualTo(budget.plus(TOLERANCE));
        }
        assertThat(droppedAfterAcceptance(diagnostics) + droppedAtIngest(diagnostics)).as("drops").isZero();
        List<String> requestIds = new ArrayList<>(List.of("before", "after"));
        duringOutage.forEach(r -> requestIds.add(r.requestId()));
        assertNoLossNoDuplicates(requestIds, 5);
        assertThat(shutdown.single().exitedBeforeDeadline()).isTrue();
    }

    @Test
    void openObserveDownFromTheStartHoldsNoInvocationLongerThanTheFlushBudgetAndLosesNothing() throws Exception {
        Duration budget = Duration.ofMillis(200);
        fake.startOutage(OutageMode.REFUSE);
        start(Map.of("O2_FLUSH_BUDGET_MS", Long.toString(budget.toMillis())));

        InvocationResult first = invoke("first", lines("first", 4));
        InvocationResult second = invoke("second", lines("second", 4));
        fake.endOutage();
        InvocationResult third = invoke("third", lines("third", 4));
        shutdown();

        System.out.printf("post-runtime with OpenObserve down from the start, %d ms flush budget: %d, %d, then up: %d ms%n",
                budget.toMillis(), first.postRuntime().toMillis(), second.postRuntime().toMillis(),
                third.postRuntime().toMillis());
        for (InvocationResult result : List.of(first, second, third)) {
            assertThat(result.postRuntime()).as("post-runtime time of %s", result.requestId())
                    .isLessThanOrEqualTo(budget.plus(TOLERANCE));
        }
        assertNoLossNoDuplicates(List.of("first", "second", "third"), 5);
    }

    @Test
    void anUnauthorizedAnswerDoesNotHoldInvocationsAndIsReportedClearly() throws Exception {
        Duration budget = Duration.ofMillis(3_000);
        start(Map.of("O2_AUTHORIZATION_HEADER", "Basic d3Jvbmc6Y3JlZGVudGlhbHM=",
                "O2_FLUSH_BUDGET_MS", Long.toString(budget.toMillis())));

        InvocationResult first = invoke("req-1", lines("req-1", 4));
        InvocationResult second = invoke("req-2", lines("req-2", 4));
        JsonNode diagnostics = diagnostics();

        assertThat(fake.ingestRequests()).isNotEmpty().extracting(RecordedRequest::status).containsOnly(401);
        assertThat(List.of(first, second)).allSatisfy(result -> assertThat(result.postRuntime())
                .as("a final 401 must not be retried until the flush budget runs out").isLessThan(budget.dividedBy(2)));
        assertThat(diagnostics.path("counters").path("dropped").path("rejected_final_status").asLong())
                .as("records dropped for the final status").isPositive();
        assertThat(counter(diagnostics, "retries")).as("a 401 is not retried").isZero();
        assertThat(diagnostics.path("lastError").toString()).contains("401");
        assertThat(extension().outputText().toLowerCase()).as("the extension's output names the failure")
                .containsAnyOf("401", "unauthorized");
    }

    @Test
    void aHangingOpenObserveStillLetsTheProcessExitBeforeTheShutdownDeadline() throws Exception {
        start();
        invoke("req-1", lines("req-1", 4));
        fake.hang();

        ShutdownResult shutdown = shutdown();

        List<OutputLine> summaries = extension().output().stream()
                .filter(line -> line.text().contains("shutdown") && line.text().contains("not_delivered")).toList();
        assertThat(fake.hungRequests()).as("requests that hung at shutdown").isPositive();
        assertThat(summaries).as("one summary line").hasSize(1);
        assertThat(summaries.get(0).text()).contains("unsent_at_shutdown");
        assertThat(shutdown.single().exitedBeforeDeadline()).as("exited before the deadline: %s; summary printed %d ms"
                + " after SHUTDOWN", shutdown.single(), (summaries.get(0).nanos() - shutdown.startNanos()) / 1_000_000)
                .isTrue();
    }

    /** Every line of every invocation is stored exactly once. */
    private void assertNoLossNoDuplicates(List<String> requestIds, int linesPerInvocation) {
        for (String requestId : requestIds) {
            Map<String, Long> copies = functionLinesOf(requestId).stream().map(StoredRecord::record)
                    .collect(Collectors.groupingBy(r -> r.path("record").toString() + r.path("message"),
                            Collectors.counting()));
            assertThat(copies).as("lines of %s", requestId).hasSize(linesPerInvocation);
            assertThat(copies.values()).as("copies of each line of %s", requestId).containsOnly(1L);
        }
    }

    private static <T> List<T> append(List<T> list, T element) {
        List<T> all = new ArrayList<>(list);
        all.add(element);
        return all;
    }
}
