package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.Secret;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import org.junit.jupiter.api.Test;

/**
 * The invariant written in {@link dev.o2ext.metrics.PipelineMetrics}: accepted = shipped +
 * dropped after acceptance + still buffered, and received = accepted + dropped at ingest,
 * through many flushes against a sink that answers every kind of outcome.
 */
class AccountingInvariantTest {

	private final FakeTime time = new FakeTime();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	/** Small enough that some offers are refused as full. */
	private final BoundedQueue<byte[]> buffer = BoundedQueue.records(2_000, 200, this.metrics.logs());

	private final AtomicInteger sends = new AtomicInteger();

	@Test
	void everyRecordIsCountedExactlyOnce() {
		RecordingSink sink = new RecordingSink(mixedOutcomes());
		Lane<byte[]> shipper = new Lane<>("logs", "records", this.buffer, sink,
				new RetryingSender(new RetrySchedule(1, Duration.ofMillis(10), Duration.ofMillis(50), 2, 0.2),
						this.time, () -> 0.5, this.metrics.logs()),
				Circuit.never(this.metrics.logs()),
				this.metrics, this.time, 7, 1000, sink.requestTimeout(), List.of(new Secret("Basic x")));

		int n = 0;
		for (int round = 0; round < 40; round++) {
			for (int i = 0; i < 25; i++) {
				offer(n++, (round * 25 + i) % 13 == 0);
			}
			shipper.flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(1)));
			assertInvariant("after round " + round);
		}
		for (int i = 0; i < 5; i++) {
			offer(n++, false);
		}
		shipper.closeAtShutdown();
		assertInvariant("after shutdown");

		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		assertThat(this.buffer.stats().count()).isZero();
		assertThat(snapshot.logs().received()).isEqualTo(1005);
		// every path was taken, or the test proves less than it claims
		assertThat(snapshot.logs().shipped()).isPositive();
		assertThat(snapshot.logs().dropped()).allSatisfy((reason, count) -> {
			if (reason != DropReason.SHUT_DOWN) {
				assertThat(count).as(reason.key()).isPositive();
			}
		});
		assertThat(snapshot.logs().failedAttempts()).allSatisfy((kind, count) -> {
			if (kind != FailureKind.CONNECTION) {
				assertThat(count).as(kind.key()).isPositive();
			}
		});
	}

	private void assertInvariant(String when) {
		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		long droppedAtIngest = snapshot.logs().droppedTotal() - snapshot.logs().droppedAfterAcceptance();
		assertThat(snapshot.logs().accepted()).as("accepted = shipped + dropped after acceptance + queued, " + when)
			.isEqualTo(snapshot.logs().shipped() + snapshot.logs().droppedAfterAcceptance() + this.buffer.stats().count());
		assertThat(snapshot.logs().received()).as("received = accepted + dropped at ingest, " + when)
			.isEqualTo(snapshot.logs().accepted() + droppedAtIngest);
	}

	/** Offers one record as the telemetry listener does; the queue counts it as received, then accepted or dropped. */
	private void offer(int n, boolean large) {
		String text = "{\"n\":" + n + ",\"pad\":\"" + "x".repeat(large ? 200 : n % 40) + "\"}";
		this.buffer.offer(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Cycles through every kind of answer, so that split batches meet other answers than their parent. */
	private Function<List<String>, Outcome> mixedOutcomes() {
		return (records) -> {
			int size = records.size();
			return switch (this.sends.getAndIncrement() % 9) {
				case 0, 1 -> new Outcome.Accepted(size, 0, null);
				case 2 -> (size > 1) ? new Outcome.Accepted(size - 1, 1, "Too old data") : new Outcome.Accepted(1, 0, null);
				case 3 -> new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 503", null);
				case 4 -> new Outcome.Retryable(FailureKind.TIMEOUT, "no answer in time", null);
				case 5 -> (size > 3) ? new Outcome.TooLarge() : new Outcome.Accepted(size, 0, null);
				case 6 -> new Outcome.SilentDrop(0, 0, size);
				case 7 -> new Outcome.SilentDrop(size - 1, 0, size);
				default -> new Outcome.Final(400, "HTTP 400: SerdeJsonError");
			};
		};
	}

}
