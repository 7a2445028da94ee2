package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownLineTest {

    @Test
    void everythingShippedIsNoProblem() {
        ShutdownLine line = ShutdownLine.find(List.of("starting", "o2-lambda-extension shutdown (spindown): invocations=3"
                + " received=17 shipped=17 not_delivered=0 otlp_shipped=0")).orElseThrow();

        assertThat(line).isEqualTo(new ShutdownLine(17, 17, 0, "", 0, 0, 0));
        assertThat(line.problem()).isEmpty();
    }

    @Test
    void aRefusedHeaderIsAProblemWithItsReason() {
        ShutdownLine line = ShutdownLine.find(List.of("o2-lambda-extension shutdown (spindown): invocations=3 received=17"
                + " shipped=0 not_delivered=17 (http_4xx=17)")).orElseThrow();

        assertThat(line.problem()).contains("the extension reports 17 records not delivered (http_4xx=17) of 17 received");
    }

    @Test
    void recordsLeftUnsentOrInFlightAtExitAreAProblem() {
        ShutdownLine line = ShutdownLine.find(List.of("o2-lambda-extension shutdown (timeout): invocations=1 received=20"
                + " shipped=10 not_delivered=2 (buffer_full=2) in_flight_at_exit=3")).orElseThrow();

        assertThat(line.unsent()).isEqualTo(5);
        assertThat(line.problem()).contains("the extension reports 2 records not delivered (buffer_full=2),"
                + " 3 in flight at exit, 5 left unsent at exit of 20 received");
    }

    @Test
    void recordsDiscardedOnPurposeAreNoProblem() {
        ShutdownLine line = ShutdownLine.find(List.of("o2-lambda-extension shutdown (spindown): invocations=2 received=20"
                + " shipped=12 not_delivered=0 discarded=8 (filtered_by_level=5 sampled_out=3) otlp_forwarded=0"))
                .orElseThrow();

        assertThat(line.discarded()).isEqualTo(8);
        assertThat(line.unsent()).isZero();
        assertThat(line.problem()).isEmpty();
    }

    @Test
    void openTelemetryItemsNotDeliveredAreAProblem() {
        ShutdownLine line = ShutdownLine.find(List.of("o2-lambda-extension shutdown (spindown): invocations=2 received=19"
                + " shipped=19 not_delivered=0 otlp_forwarded=75 otlp_not_delivered=4")).orElseThrow();

        assertThat(line.otlpNotDelivered()).isEqualTo(4);
        assertThat(line.problem()).contains("the extension reports 4 OpenTelemetry items (spans, log records, data points)"
                + " not delivered");
        assertThat(ShutdownLine.find(List.of("o2-lambda-extension shutdown (spindown): invocations=2 received=19"
                + " shipped=18 not_delivered=1 otlp_forwarded=75 otlp_not_delivered=4")).orElseThrow().problem())
                .contains("the extension reports 1 records not delivered of 19 received; 4 OpenTelemetry items (spans, log records,"
                        + " data points) not delivered");
    }

    @Test
    void withoutTheLineThereIsNothingToRead() {
        assertThat(ShutdownLine.find(List.of("SEVERE something", "received=3 shipped=3 not_delivered=0"))).isEmpty();
    }
}
