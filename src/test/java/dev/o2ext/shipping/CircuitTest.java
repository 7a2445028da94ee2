package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.o2ext.metrics.LaneCounters;
import org.junit.jupiter.api.Test;

class CircuitTest {

	private final FakeTime time = new FakeTime();

	private final LaneCounters counters = new LaneCounters();

	/** Probes after 1 s, then 2 s, 4 s, capped at 5 s; no jitter. */
	private final Circuit circuit = new Circuit(3, new RetrySchedule(0, Duration.ofSeconds(1), Duration.ofSeconds(5), 2,
			0), this.time, () -> 0.5, this.counters);

	@Test
	void opensAfterTheThresholdOfConsecutiveFailuresOnly() {
		this.circuit.failed();
		this.circuit.failed();
		this.circuit.answered();
		this.circuit.failed();
		this.circuit.failed();
		assertThat(this.circuit.isOpen()).as("an answer in between starts the count again").isFalse();

		this.circuit.failed();

		assertThat(this.circuit.isOpen()).isTrue();
		assertThat(this.counters.snapshot().circuitOpen()).isTrue();
		assertThat(this.counters.snapshot().circuitOpenings()).isEqualTo(1);
	}

	@Test
	void probesWithGrowingDelaysUntilTheFirstAnswerClosesIt() {
		open();
		assertThat(this.circuit.probeDue()).isFalse();
		this.time.advance(Duration.ofMillis(999));
		assertThat(this.circuit.probeDue()).isFalse();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.circuit.probeDue()).isTrue();

		this.circuit.failed(); // the probe failed: next in 2 s
		this.time.advance(Duration.ofMillis(1_999));
		assertThat(this.circuit.probeDue()).isFalse();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.circuit.probeDue()).isTrue();
		this.circuit.failed();
		this.circuit.failed();
		this.circuit.failed(); // 4 s, then capped at 5 s
		this.time.advance(Duration.ofMillis(4_999));
		assertThat(this.circuit.probeDue()).isFalse();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.circuit.probeDue()).isTrue();

		this.circuit.answered();

		assertThat(this.circuit.isOpen()).isFalse();
		assertThat(this.circuit.probeDue()).isFalse();
		assertThat(this.counters.snapshot().circuitOpen()).isFalse();
		assertThat(this.counters.snapshot().circuitOpenings()).isEqualTo(1);
	}

	@Test
	void theDelayIsJittered() {
		Circuit early = new Circuit(1, new RetrySchedule(0, Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 0.2),
				this.time, () -> 0.0, this.counters);
		early.failed();

		this.time.advance(Duration.ofMillis(800));

		assertThat(early.probeDue()).as("1 s minus 20 %").isTrue();
	}

	@Test
	void aThresholdOfZeroNeverOpens() {
		Circuit never = Circuit.never(this.counters);
		for (int i = 0; i < 1000; i++) {
			never.failed();
		}
		assertThat(never.isOpen()).isFalse();
	}

	private void open() {
		for (int i = 0; i < 3; i++) {
			this.circuit.failed();
		}
		assertThat(this.circuit.isOpen()).isTrue();
	}

}
