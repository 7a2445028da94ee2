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
 * probe closes the circuit and everything buffered goes out, in order, once.
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
        Thread.sleep(2_500); // frozen: the probe delay (1 s, then 2 s, ±20 %) passes meanwhile
        List<InvocationResult> back = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            back.add(invoke("back-" + i, lines("back-" + i, 3)));
        }
        JsonNode afterwards = diagnostics();
        ShutdownResult shutdown = shutdown();

        String summary = extension().output().stream().map(line -> line.text())
                .filter(text -> text.contains("not_delivered")).findFirst().orElse("");
        System.out.printf("circuit: post-runtime with OpenObserve refusing connections, %d ms budget: %s ms;"
                + " after it is back: %s ms%n", budget.toMillis(), millis(down), millis(back));
        System.out.printf("circuit: during the outage %s; afterwards %s; %s%n", duringOutage.path("circuit"),
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
