package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.EntryCodec;
import dev.o2ext.buffer.Measure;
import dev.o2ext.buffer.SpillDirectory;
import dev.o2ext.config.Secret;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant written in {@link dev.o2ext.metrics.PipelineMetrics}: accepted = shipped +
 * dropped after acceptance + still buffered, and received = accepted + dropped at ingest,
 * through many flushes against a sink that answers every kind of outcome.
 */
class AccountingInvariantTest {

	private final FakeTime time = new FakeTime();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final AtomicInteger sends = new AtomicInteger();

	@TempDir
	Path spillDirectory;

	/** Small enough that some offers are refused as full. */
	private BoundedQueue<byte[]> buffer = BoundedQueue.records(2_000, 200, this.metrics.logs());

	@Test
	void everyRecordIsCountedExactlyOnce() {
		InMemoryPipelineMetrics.Snapshot snapshot = run();

		// every path was taken, or the test proves less than it claims
		assertThat(snapshot.logs().dropped()).allSatisfy((reason, count) -> {
			if (!EnumSet.of(DropReason.SHUT_DOWN, DropReason.SPILL_FULL, DropReason.SPILL_FAILED).contains(reason)) {
				assertThat(count).as(reason.key()).isPositive();
			}
		});
	}

	/**
	 * The same with a spill whose bound is small: nothing is refused as full, the oldest spilled
	 * go when the spill is full, and spilled batches meet every answer (split, requeued,
	 * delivered in part), still counted once each.
	 */
	@Test
	void withASpillEveryRecordIsCountedExactlyOnce() throws IOException {
		this.buffer = BoundedQueue.records(new ByteBudget(2_000), 200, this.metrics.logs(),
				SpillDirectory.of(this.spillDirectory, 600).lane("logs", Measure.RECORDS, EntryCodec.RECORDS,
						this.metrics.logs(), 7, 1000));

		InMemoryPipelineMetrics.Snapshot snapshot = run();

		assertThat(snapshot.logs().dropped()).allSatisfy((reason, count) -> {
			if (EnumSet.of(DropReason.SHUT_DOWN, DropReason.SPILL_FAILED, DropReason.BUFFER_FULL).contains(reason)) {
				assertThat(count).as(reason.key()).isZero();
			}
			else {
				assertThat(count).as(reason.key()).isPositive();
			}
		});
		assertThat(snapshot.logs().spilled()).isPositive();
		try (Stream<Path> left = Files.list(this.spillDirectory.resolve("logs"))) {
			assertThat(left).as("files left after shutdown").isEmpty();
		}
	}

	private InMemoryPipelineMetrics.Snapshot run() {
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
		assertThat(snapshot.logs().shipped()).isPositive();
		assertThat(snapshot.logs().failedAttempts()).allSatisfy((kind, count) -> {
			if (kind != FailureKind.CONNECTION) {
				assertThat(count).as(kind.key()).isPositive();
			}
		});
		return snapshot;
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
