package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.OutageMode;
import dev.o2ext.sim.InvocationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A burst far larger than the buffer while OpenObserve is down: memory stays bounded, every line
 * is either shipped or counted, and the extension keeps working afterwards.
 */
class BufferBoundIT extends EndToEndTest {

    private static final int BURST = 100_000;
    private static final long BUFFER_BYTES = 10L * 1024 * 1024;
    /** A generous bound: a JVM with default heap settings and a 10 MiB buffer, far from a leak of the whole burst. */
    private static final long PEAK_RSS_BOUND_KIB = 1024L * 1024;
    private static final String PADDING = "x".repeat(150);

    @Test
    void aBurstIntoAFullBufferKeepsMemoryBoundedCountsEveryDropAndLaterInvocationsStillWork() throws Exception {
        start(Map.of("O2_MAX_BUFFER_SIZE_MB", "10"));
        invoke("warm-up", lines("warm-up", 2));

        fake.startOutage(OutageMode.REFUSE);
        invoke("burst", burst());
        OptionalLong peakRssKib = extension().peakRssKib();
        fake.endOutage();
        invoke("after-1", lines("after-1", 4));
        InvocationResult after = invoke("after-2", lines("after-2", 4));
        JsonNode diagnostics = diagnostics();

        System.out.printf("extension peak RSS (VmHWM) after a %,d-line burst into a 10 MiB buffer: %,d KiB%n", BURST,
                peakRssKib.orElse(-1));
        assertThat(peakRssKib).isPresent();
        assertThat(peakRssKib.getAsLong()).as("peak RSS in KiB").isLessThan(PEAK_RSS_BOUND_KIB);

        JsonNode buffer = diagnostics.path("buffer");
        assertThat(buffer.path("capacityBytes").asLong()).isEqualTo(BUFFER_BYTES);
        assertThat(buffer.path("highWaterBytes").asLong()).isPositive().isLessThanOrEqualTo(BUFFER_BYTES);
        assertThat(diagnostics.path("counters").path("dropped").path("buffer_full").asLong())
                .as("lines refused because the buffer was full").isPositive();

        long received = counter(diagnostics, "received");
        long accepted = counter(diagnostics, "accepted");
        long shipped = counter(diagnostics, "shipped");
        long queued = buffer.path("records").asLong();
        assertThat(received).as("received = every event the platform delivered").isEqualTo(deliveredTelemetryEvents());
        assertThat(received).as("received = accepted + dropped at ingest").isEqualTo(accepted + droppedAtIngest(diagnostics));
        assertThat(accepted).as("accepted = shipped + dropped after acceptance + queued")
                .isEqualTo(shipped + droppedAfterAcceptance(diagnostics) + queued);
        assertThat(shipped).as("shipped = what OpenObserve stored").isEqualTo(stored().size());

        long burstStored = storedMentioning("burst line ").size();
        assertThat(burstStored).as("burst lines delivered once OpenObserve was back").isPositive();
        assertThat(burstStored + droppedAfterAcceptance(diagnostics) + droppedAtIngest(diagnostics))
                .as("every burst line is either stored or counted as dropped").isGreaterThanOrEqualTo(BURST);

        assertThat(functionLinesOf("after-2")).as("a later invocation's lines, before its next call").hasSize(5)
                .allSatisfy(r -> assertThat(r.arrivalNanos()).isLessThanOrEqualTo(after.nextCalledNanos()));
        assertThat(shutdown().single().exitedBeforeDeadline()).isTrue();
    }

    private static List<Object> burst() {
        List<Object> lines = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
            lines.add(String.format("burst line %06d %s", i, PADDING));
        }
        return lines;
    }
}
