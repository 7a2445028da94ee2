package dev.o2ext.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class InMemoryPipelineMetricsTest {

	private static final Instant NOW = Instant.parse("2026-07-28T19:02:01.105Z");

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void snapshotCopiesEveryCounter() {
		this.metrics.logs().received(10);
		this.metrics.logs().accepted(8);
		this.metrics.logs().shipped(5);
		this.metrics.logs().dropped(DropReason.BUFFER_FULL, 2);
		this.metrics.logs().dropped(DropReason.REJECTED_BY_SERVER, 1);
		this.metrics.logs().retried();
		this.metrics.logs().retried();
		this.metrics.logs().attemptFailed(FailureKind.TIMEOUT);
		this.metrics.unparsableBatch();
		this.metrics.invocation();
		this.metrics.logs().flushed(FlushTrigger.END_OF_INVOCATION, Duration.ofMillis(3));

		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();

		assertThat(snapshot.logs().received()).isEqualTo(10);
		assertThat(snapshot.logs().accepted()).isEqualTo(8);
		assertThat(snapshot.logs().shipped()).isEqualTo(5);
		assertThat(snapshot.logs().retries()).isEqualTo(2);
		assertThat(snapshot.unparsableBatches()).isEqualTo(1);
		assertThat(snapshot.invocations()).isEqualTo(1);
		assertThat(snapshot.logs().dropped()).containsEntry(DropReason.BUFFER_FULL, 2L)
			.containsEntry(DropReason.REJECTED_BY_SERVER, 1L)
			.containsEntry(DropReason.SHUT_DOWN, 0L)
			.hasSize(DropReason.values().length);
		assertThat(snapshot.logs().failedAttempts()).containsEntry(FailureKind.TIMEOUT, 1L)
			.containsEntry(FailureKind.CONNECTION, 0L);
		assertThat(snapshot.logs().flushes()).containsEntry(FlushTrigger.END_OF_INVOCATION, 1L)
			.containsEntry(FlushTrigger.SHUTDOWN, 0L);
		assertThat(snapshot.lastError()).isNull();
	}

	@Test
	void aSnapshotDoesNotChangeAfterwards() {
		this.metrics.logs().shipped(1);
		InMemoryPipelineMetrics.Snapshot before = this.metrics.snapshot();

		this.metrics.logs().shipped(1);
		this.metrics.logs().dropped(DropReason.SHUT_DOWN, 1);

		assertThat(before.logs().shipped()).isEqualTo(1);
		assertThat(before.logs().dropped()).containsEntry(DropReason.SHUT_DOWN, 0L);
	}

	@Test
	void dropsAfterAcceptanceExcludeRefusalsAtIngest() {
		this.metrics.logs().dropped(DropReason.BUFFER_FULL, 100);
		this.metrics.logs().dropped(DropReason.RECORD_TOO_LARGE, 10);
		this.metrics.logs().dropped(DropReason.SHUT_DOWN, 1);
		this.metrics.logs().dropped(DropReason.REJECTED_BY_SERVER, 2);
		this.metrics.logs().dropped(DropReason.REJECTED_FINAL_STATUS, 3);
		this.metrics.logs().dropped(DropReason.SILENTLY_DROPPED, 4);
		this.metrics.logs().dropped(DropReason.UNSENT_AT_SHUTDOWN, 5);

		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();

		assertThat(snapshot.logs().droppedAfterAcceptance()).isEqualTo(2 + 3 + 4 + 5);
		assertThat(snapshot.logs().droppedTotal()).isEqualTo(100 + 10 + 1 + 2 + 3 + 4 + 5);
	}

	@Test
	void percentilesOfFlushLatencies() {
		for (int ms = 100; ms >= 1; ms--) {
			this.metrics.logs().flushed(FlushTrigger.PERIODIC, Duration.ofMillis(ms));
		}

		LaneCounters.Latencies latencies = this.metrics.snapshot().logs().flushLatency();

		assertThat(latencies).isEqualTo(new LaneCounters.Latencies(100, 50_000, 99_000, 100_000));
	}

	@Test
	void percentilesOfASingleFlushAndOfNone() {
		assertThat(this.metrics.snapshot().logs().flushLatency()).isEqualTo(new LaneCounters.Latencies(0, 0, 0, 0));

		this.metrics.logs().flushed(FlushTrigger.INIT, Duration.ofNanos(1_500_000));

		assertThat(this.metrics.snapshot().logs().flushLatency())
			.isEqualTo(new LaneCounters.Latencies(1, 1500, 1500, 1500));
	}

	@Test
	void latencyWindowKeepsOnlyTheMostRecentFlushes() {
		int window = LaneCounters.LATENCY_WINDOW;
		for (int i = 0; i < window; i++) {
			this.metrics.logs().flushed(FlushTrigger.PERIODIC, Duration.ofSeconds(10));
		}
		for (int i = 0; i < window; i++) {
			this.metrics.logs().flushed(FlushTrigger.PERIODIC, Duration.ofMillis(1));
		}

		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();

		assertThat(snapshot.logs().flushLatency()).isEqualTo(new LaneCounters.Latencies(window, 1000, 1000, 1000));
		assertThat(snapshot.logs().flushes()).containsEntry(FlushTrigger.PERIODIC, 2L * window);
	}

	@Test
	void lastErrorKeepsTheMostRecentWithItsTime() {
		this.metrics.error("first");
		this.metrics.error("HTTP 503: memtable is full");

		assertThat(this.metrics.snapshot().lastError())
			.isEqualTo(new InMemoryPipelineMetrics.LastError("HTTP 503: memtable is full", NOW));
	}

	@Test
	void keysAreSnakeCase() {
		assertThat(DropReason.UNSENT_AT_SHUTDOWN.key()).isEqualTo("unsent_at_shutdown");
		assertThat(FailureKind.RETRYABLE_STATUS.key()).isEqualTo("retryable_status");
		assertThat(FlushTrigger.END_OF_INVOCATION.key()).isEqualTo("end_of_invocation");
	}

}
