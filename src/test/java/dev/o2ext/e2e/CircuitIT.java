package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.OutageMode;
import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.ShutdownResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OpenObserve unreachable for many invocations: after a few failed attempts the lane's circuit
 * opens, the invocations are no longer held for the flush budget, and once OpenObserve is back a
 * probe closes the circuit and everything buffered goes out, in order, once. The probe delay grows
 * while OpenObserve stays down (1 s, doubling, ±20 %), so the test invokes until it has closed.
 */
class CircuitIT extends EndToEndTest {

    /** The telemetry buffering timeout (25 ms) plus scheduling slack of a loaded two-core machine. */
    private static final Duration TOLERANCE = Duration.ofMillis(250);

    @Test
    void aPersistentOutageOpensTheCircuitAndTheFirstAnswerAfterItClosesIt() throws Exception {
        Duration budget = Duration.ofMillis(1_000);
        fake.startOutage(OutageMode.REFUSE);
        start(Map.of("O2_FLUSH_BUDGET_MS", Long.toString(budget.toMillis())));

        List<InvocationResult> down = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            down.add(invoke("down-" + i, lines("down-" + i, 3)));
        }
        JsonNode duringOutage = diagnostics();
        fake.endOutage();
        long backNanos = System.nanoTime();
        List<InvocationResult> back = new ArrayList<>();
        JsonNode afterwards;
        do {
            Thread.sleep(500); // frozen between invocations, as on Lambda: the probe delay passes meanwhile
            back.add(invoke("back-" + back.size(), lines("back-" + back.size(), 3)));
            afterwards = diagnostics();
        } while (!afterwards.at("/circuit/state").asString().equals("closed") && back.size() < 80);
        long closedAfterMs = (System.nanoTime() - backNanos) / 1_000_000;
        InvocationResult closed = invoke("closed", lines("closed", 3));
        back.add(closed);
        ShutdownResult shutdown = shutdown();

        String summary = extension().output().stream().map(line -> line.text())
                .filter(text -> text.contains("not_delivered")).findFirst().orElse("");
        System.out.printf("circuit: post-runtime with OpenObserve refusing connections, %d ms budget: %s ms;"
                + " after it is back: %s ms%n", budget.toMillis(), millis(down), millis(back));
        System.out.printf("circuit: during the outage %s; closed %d ms after OpenObserve was back (%d invocations);"
                + " afterwards %s; %s%n", duringOutage.path("circuit"), closedAfterMs, back.size() - 1,
                afterwards.path("circuit"), summary);

        assertThat(duringOutage.at("/circuit/state").asString()).isEqualTo("open");
        assertThat(afterwards.at("/circuit/state").asString()).isEqualTo("closed");
        assertThat(afterwards.at("/circuit/openings").asLong()).isPositive();
        assertThat(afterwards.at("/circuit/probes").asLong()).isPositive();
        // the first invocation of a JVM also opens the connection and runs the client's code for the first time
        for (InvocationResult result : down.subList(1, down.size())) {
            assertThat(result.postRuntime()).as("post-runtime time of %s", result.requestId())
                    .isLessThanOrEqualTo(budget.plus(TOLERANCE));
        }
        assertThat(droppedAfterAcceptance(afterwards) + droppedAtIngest(afterwards)).as("drops").isZero();
        List<String> expected = new ArrayList<>();
        for (InvocationResult result : append(down, back)) {
            for (int line = 0; line < 3; line++) {
                expected.add(result.requestId() + " line " + line);
            }
        }
        List<String> stored = storedOfType("function").stream().map(StoredRecord::record)
                .map(r -> r.path("record").asString("").trim()).filter(expected::contains).toList();
        assertThat(stored).as("every line once, in order").containsExactlyElementsOf(expected);
        assertThat(summary).contains("circuit_openings=");
        assertThat(shutdown.single().exitedBeforeDeadline()).isTrue();
    }

    private static List<Long> millis(List<InvocationResult> results) {
        return results.stream().map(r -> r.postRuntime().toMillis()).toList();
    }

    private static <T> List<T> append(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
