package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.RecordedRequest;
import dev.o2ext.sim.LambdaSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SnapStart: Init, a snapshot frozen for a while, a restore (with its platform.restore* events),
 * then invocations. The extension says it restored, delivers everything including the restore
 * records, and opens new connections instead of reusing any from before the snapshot.
 */
class SnapStartIT extends EndToEndTest {

    @Override
    LambdaSimulator.Builder simulatorBuilder() {
        return super.simulatorBuilder().snapStart();
    }

    @Test
    void afterARestoreEverythingIsDeliveredOverNewConnections() throws Exception {
        start();
        // Init's own records, when they reached the extension before its first next, went out on
        // a connection opened before the snapshot
        int sentBefore = fake.ingestRequests().size();
        Set<Integer> beforeRestore = ports(fake.ingestRequests());
        sim().restore(Duration.ofSeconds(3));

        invoke("req-1", lines("req-1", 3));
        invoke("req-2", lines("req-2", 3));
        JsonNode diagnostics = diagnostics();
        shutdown();

        List<RecordedRequest> all = fake.ingestRequests();
        Set<Integer> afterRestore = ports(all.subList(sentBefore, all.size()));
        System.out.printf("SnapStart: %d connection(s) before the snapshot, %d after the restore%n", beforeRestore.size(),
                afterRestore.size());
        assertThat(extension().outputText()).contains("restored from a SnapStart snapshot");
        assertThat(functionLinesOf("req-1")).hasSize(4);
        assertThat(functionLinesOf("req-2")).hasSize(4);
        assertThat(storedOfType("platform.restoreStart")).hasSize(1);
        assertThat(storedOfType("platform.restoreRuntimeDone")).hasSize(1);
        assertThat(storedOfType("platform.restoreReport")).hasSize(1);
        assertThat(afterRestore).as("connections after the restore").isNotEmpty()
                .noneMatch(beforeRestore::contains);
        assertThat(droppedAtIngest(diagnostics) + droppedAfterAcceptance(diagnostics)).isZero();
    }

    private static Set<Integer> ports(List<RecordedRequest> requests) {
        return requests.stream().map(RecordedRequest::clientPort).collect(Collectors.toSet());
    }
}
