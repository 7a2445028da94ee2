package dev.o2ext.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import dev.o2ext.metrics.Discard;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import org.junit.jupiter.api.Test;

class ShutdownSummaryTest {

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	@Test
	void saysWhatWasDeliveredAndWhatWasNotByReason() {
		this.metrics.invocation();
		this.metrics.logs().received(10);
		this.metrics.logs().accepted(9);
		this.metrics.logs().dropped(DropReason.BUFFER_FULL, 1);
		this.metrics.logs().shipped(7);
		this.metrics.logs().dropped(DropReason.UNSENT_AT_SHUTDOWN, 2);

		String line = new ShutdownSummary(this.metrics).line("spindown", 0, "");

		assertThat(line).isEqualTo("o2-lambda-extension shutdown (spindown): invocations=1 received=10 shipped=7"
				+ " not_delivered=3 (buffer_full=1 unsent_at_shutdown=2)");
	}

	@Test
	void namesWhatWasLeftOutOnPurposeApartFromWhatWasLost() {
		this.metrics.logs().received(10);
		this.metrics.discarded(Discard.FILTERED_BY_TYPE, 3);
		this.metrics.discarded(Discard.SAMPLED_OUT, 2);
		this.metrics.logs().accepted(5);
		this.metrics.logs().shipped(5);

		String line = new ShutdownSummary(this.metrics).line("spindown", 0, "otlp_forwarded=0");

		assertThat(line).isEqualTo("o2-lambda-extension shutdown (spindown): invocations=0 received=10 shipped=5"
				+ " not_delivered=0 discarded=5 (filtered_by_type=3 sampled_out=2) otlp_forwarded=0");
	}

	@Test
	void addsRecordsStillInFlightAndWhatOtherFlushablesReport() {
		String line = new ShutdownSummary(this.metrics).line("timeout", 4, "otlp_forwarded=5 otlp_not_delivered=0");

		assertThat(line).endsWith("not_delivered=0 in_flight_at_exit=4 otlp_forwarded=5 otlp_not_delivered=0");
	}

}
