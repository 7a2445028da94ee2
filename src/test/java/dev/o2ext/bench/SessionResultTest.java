package dev.o2ext.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionResultTest {

    @Test
    void anIncompleteRunSaysWhatTheExtensionCountedAsNotDelivered() {
        SessionResult result = result(20_104, 21_200, 0, "stdout| o2-lambda-extension shutdown (spindown): invocations=31"
                + " received=21299 shipped=20203 not_delivered=1096 (buffer_full=1096) otlp_forwarded=367 otlp_not_delivered=0");

        assertThat(result.complete()).isFalse();
        assertThat(result.shortfall()).isEqualTo("1096 of 21200 lines not stored; exit 0; the extension reports"
                + " 1096 records not delivered (buffer_full=1096) of 21299 received");
    }

    @Test
    void aShutdownLineThatCountsNoLossIsSaidSo() {
        SessionResult result = result(20_524, 24_000, 0,
                "stdout| o2-lambda-extension shutdown (spindown): invocations=101 received=24308 shipped=24308 not_delivered=0");

        assertThat(result.shortfall()).isEqualTo("3476 of 24000 lines not stored; exit 0; its shutdown line reports"
                + " no loss (received 24308, shipped 24308)");
    }

    @Test
    void withoutAShutdownLineTheExitIsWhatIsKnown() {
        assertThat(result(24_000, 24_000, 1, "stderr| SEVERE the Extensions API failed").shortfall())
                .isEqualTo("exit 1; no shutdown line");
    }

    private static SessionResult result(long shipped, long expected, int exitCode, String output) {
        return new SessionResult(0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, shipped, 0, expected, 0, exitCode, 0, "", output);
    }
}
