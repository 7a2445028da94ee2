package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.OfferResult;
import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.Secret;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class LaneTest {

	private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=";

	private static final Outcome UNAVAILABLE = new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 503", null);

	private final FakeTime time = new FakeTime();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final BoundedQueue<byte[]> buffer = BoundedQueue.records(100_000, 1000, this.metrics.logs());

	private RecordingSink sink = RecordingSink.storingAll();

	/** Closed for good unless a test opens it on the fake clock. */
	private Circuit circuit = Circuit.never(this.metrics.logs());

	@Test
	void shipsEverythingInBatchesAndEmptiesTheBuffer() {
		offer(7);

		FlushResult result = shipper(3).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new FlushResult(7, true));
		assertThat(this.sink.batches()).containsExactly(records(0, 3), records(3, 6), records(6, 7));
		assertThat(this.buffer.stats().count()).isZero();
		assertThat(this.buffer.stats().bytes()).isZero();
		assertThat(snapshot().logs().shipped()).isEqualTo(7);
		assertThat(snapshot().logs().flushes()).containsEntry(FlushTrigger.END_OF_INVOCATION, 1L);
	}

	@Test
	void anEmptyBufferIsDrainedWithoutASend() {
		assertThat(shipper(3).flush(FlushTrigger.PERIODIC, this.time.in(Duration.ofSeconds(2))))
			.isEqualTo(new FlushResult(0, true));
		assertThat(this.sink.batches()).isEmpty();
	}

	@Test
	void eachSendIsBoundedByTheRequestTimeoutAndTheTimeLeft() {
		this.sink = new RecordingSink((records) -> new Outcome.Accepted(records.size(), 0, null), Duration.ofSeconds(1));
		offer(2);
		Lane<byte[]> shipper = shipper(1);

		shipper.flush(FlushTrigger.PERIODIC, this.time.in(Duration.ofSeconds(30)));
		offer(1);
		shipper.flush(FlushTrigger.PERIODIC, this.time.in(Duration.ofMillis(300)));

		assertThat(this.sink.timeouts()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofMillis(300));
	}

	@Test
	void recordsTheServerRefusedAreCountedAsRejected() {
		this.sink = new RecordingSink((records) -> new Outcome.Accepted(records.size() - 1, 1, "Too old data"));
		offer(3);

		FlushResult result = shipper(10).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new FlushResult(2, true));
		assertThat(snapshot().logs().shipped()).isEqualTo(2);
		assertThat(snapshot().logs().dropped()).containsEntry(DropReason.REJECTED_BY_SERVER, 1L);
		assertThat(snapshot().logs().failedAttempts()).containsEntry(FailureKind.PARTIAL, 1L);
		assertThat(snapshot().lastError().description()).contains("1 of 3", "Too old data");
		assertThat(this.buffer.stats().count()).isZero();
	}

	@Test
	void aSilentDropIsSplitDownToTheRecordThatWasRefused() {
		this.sink = new RecordingSink((records) -> records.stream().anyMatch((r) -> r.contains("poison"))
				? new Outcome.SilentDrop(0, 0, records.size()) : new Outcome.Accepted(records.size(), 0, null));
		offer(5);
		offerText("{\"n\":\"poison\"}");
		offer(2);

		FlushResult result = shipper(100).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new FlushResult(7, true));
		assertThat(snapshot().logs().shipped()).isEqualTo(7);
		assertThat(snapshot().logs().dropped()).containsEntry(DropReason.SILENTLY_DROPPED, 1L)
			.containsEntry(DropReason.REJECTED_BY_SERVER, 0L);
		assertThat(this.sink.batches()).contains(List.of("{\"n\":\"poison\"}"));
		assertThat(this.sink.batches().stream().flatMap(List::stream).filter((r) -> r.contains("poison")))
			.as("the poison record is sent alone at last, not retried again").hasSize(4);
		assertThat(this.buffer.stats().count()).isZero();
	}

	@Test
	void aSilentDropOfSomeRecordsIsCountedWithoutSplitting() {
		this.sink = new RecordingSink((records) -> new Outcome.SilentDrop(records.size() - 2, 0, records.size()));
		offer(5);

		FlushResult result = shipper(100).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new FlushResult(3, true));
		assertThat(this.sink.batchSizes()).containsExactly(5);
		assertThat(snapshot().logs().dropped()).containsEntry(DropReason.SILENTLY_DROPPED, 2L);
		assertThat(snapshot().logs().failedAttempts()).containsEntry(FailureKind.SILENT_DROP, 1L);
	}

	@Test
	void tooLargeSplitsInHalvesUntilTheyFit() {
		this.sink = new RecordingSink((records) -> (records.size() > 2) ? new Outcome.TooLarge()
				: new Outcome.Accepted(records.size(), 0, null));
		offer(8);

		FlushResult result = shipper(100).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new FlushResult(8, true));
		assertThat(this.sink.batchSizes()).containsExactly(8, 4, 2, 2, 4, 2, 2);
		assertThat(this.sink.batches().stream().filter((b) -> b.size() == 2).flatMap(List::stream))
			.containsExactlyElementsOf(records(0, 8));
		assertThat(snapshot().logs().failedAttempts()).containsEntry(FailureKind.TOO_LARGE, 3L);
	}

	@Test
	void halvesThatAreKeptReturnToTheBufferInTheirOriginalOrder() {
		this.sink = new RecordingSink((records) -> (records.size() > 2) ? new Outcome.TooLarge() : UNAVAILABLE);
		offer(8);

		FlushResult result = shipper(100).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1)));

		assertThat(result).isEqualTo(new FlushResult(0, false));
		assertThat(this.buffer.stats().count()).isEqualTo(8);
		assertThat(texts(this.buffer.drain(100, 100_000))).containsExactlyElementsOf(records(0, 8));
	}

	@Test
	void aSingleRecordTooLargeIsDroppedAsFinal() {
		this.sink = new RecordingSink((records) -> new Outcome.TooLarge());
		offer(1);

		assertThat(shipper(100).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2))))
			.isEqualTo(new FlushResult(0, true));
		assertThat(snapshot().logs().dropped()).containsEntry(DropReason.REJECTED_FINAL_STATUS, 1L);
		assertThat(this.buffer.stats().count()).isZero();
	}

	@Test
	void aFinalStatusDropsTheBatchCountedAndGoesOn() {
		this.sink = new RecordingSink((records) -> new Outcome.Final(401, "HTTP 401: Unauthorized Access"));
		offer(5);

		FlushResult result = shipper(3).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new FlushResult(0, true));
		assertThat(this.sink.batchSizes()).containsExactly(3, 2);
		assertThat(snapshot().logs().dropped()).containsEntry(DropReason.REJECTED_FINAL_STATUS, 5L);
		assertThat(snapshot().logs().failedAttempts()).containsEntry(FailureKind.FINAL_STATUS, 2L);
		assertThat(snapshot().logs().retries()).isZero();
		assertThat(this.buffer.stats().count()).isZero();
	}

	@Test
	void theSecretIsScrubbedFromTheLastError() {
		this.sink = new RecordingSink((records) -> new Outcome.Final(400, "HTTP 400: bad header " + AUTH));
		offer(1);

		shipper(3).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofSeconds(2)));

		assertThat(snapshot().lastError().description()).contains("bad header ****").doesNotContain(AUTH);
	}

	@Test
	void aBatchStillFailingAfterTheRetriesGoesBackToTheFront() {
		this.sink = new RecordingSink((records) -> UNAVAILABLE);
		offer(5);

		FlushResult result = shipper(3).flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1)));

		assertThat(result).isEqualTo(new FlushResult(0, false));
		assertThat(this.sink.batchSizes()).containsExactly(3, 3, 3);
		assertThat(this.sink.encodings()).as("compressed once, not per attempt").isEqualTo(1);
		assertThat(snapshot().logs().retries()).isEqualTo(2);
		assertThat(snapshot().logs().failedAttempts()).containsEntry(FailureKind.RETRYABLE_STATUS, 3L);
		assertThat(snapshot().logs().droppedTotal()).isZero();
		assertThat(this.buffer.stats().inFlightCount()).isZero();
		assertThat(texts(this.buffer.drain(100, 100_000))).containsExactlyElementsOf(records(0, 5));
	}

	@Test
	void theNextFlushSendsWhatWasKept() {
		this.sink = new RecordingSink((records) -> UNAVAILABLE);
		offer(4);
		Lane<byte[]> shipper = shipper(10);
		shipper.flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1)));

		this.sink.answer((records) -> new Outcome.Accepted(records.size(), 0, null));
		FlushResult result = shipper.flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1)));

		assertThat(result).isEqualTo(new FlushResult(4, true));
		assertThat(this.sink.batches().get(this.sink.batches().size() - 1)).containsExactlyElementsOf(records(0, 4));
	}

	@Test
	void aCapAtNowStopsAFlushBeforeItSends() {
		offer(3);
		Lane<byte[]> shipper = shipper(10);

		shipper.limitTo(Deadline.after(Duration.ZERO, this.time));
		FlushResult result = shipper.flush(FlushTrigger.PERIODIC, this.time.in(Duration.ofSeconds(5)));

		assertThat(result).isEqualTo(new FlushResult(0, false));
		assertThat(this.sink.batches()).isEmpty();
		assertThat(shipper.hasQueued()).isTrue();
	}

	@Test
	void aCapSetAfterAnAnswerStopsTheFlushBeforeTheNextBatch() {
		offer(6);
		Lane<byte[]> shipper = shipper(2);
		this.sink.afterAnswer(() -> shipper.limitTo(Deadline.after(Duration.ZERO, this.time)));

		FlushResult result = shipper.flush(FlushTrigger.PERIODIC, this.time.in(Duration.ofSeconds(5)));

		assertThat(result).isEqualTo(new FlushResult(2, false));
		assertThat(this.sink.batchSizes()).containsExactly(2);
		assertThat(this.buffer.stats().count()).isEqualTo(4);
	}

	@Test
	void aCapSetWhileARequestIsInFlightCancelsItAndItsBatchWaitsAtTheFront() throws Exception {
		StallingSink stalling = new StallingSink();
		offer(4);
		Lane<byte[]> lane = lane(stalling, NanoClock.SYSTEM);

		CompletableFuture<FlushResult> flush = CompletableFuture.supplyAsync(
				() -> lane.flush(FlushTrigger.PERIODIC, Deadline.after(Duration.ofSeconds(30), NanoClock.SYSTEM)));
		assertThat(stalling.sent.await(10, TimeUnit.SECONDS)).isTrue();
		lane.limitTo(Deadline.after(Duration.ZERO, NanoClock.SYSTEM)); // the lifecycle, about to call next

		assertThat(flush.get(10, TimeUnit.SECONDS)).isEqualTo(new FlushResult(0, false));
		assertThat(stalling.cancelled).as("the request was cancelled, its connection closed").isTrue();
		assertThat(snapshot().logs().failedAttempts()).containsEntry(FailureKind.TIMEOUT, 1L);
		assertThat(snapshot().logs().retries()).as("no retry once the cap has come").isZero();
		assertThat(this.buffer.stats().inFlightCount()).isZero();
		assertThat(texts(this.buffer.drain(100, 100_000))).containsExactlyElementsOf(records(0, 4));
	}

	@Test
	void aRequestWithoutAnAnswerIsCancelledAtTheFlushDeadline() throws Exception {
		StallingSink stalling = new StallingSink();
		offer(2);
		Lane<byte[]> lane = lane(stalling, NanoClock.SYSTEM);

		FlushResult result = lane.flush(FlushTrigger.END_OF_INVOCATION,
				Deadline.after(Duration.ofMillis(200), NanoClock.SYSTEM));

		assertThat(result).isEqualTo(new FlushResult(0, false));
		assertThat(stalling.cancelled).isTrue();
		assertThat(stalling.timeouts).as("each request is bounded by the time the flush has left")
			.allSatisfy((timeout) -> assertThat(timeout).isLessThanOrEqualTo(Duration.ofMillis(200)));
		assertThat(this.buffer.stats().count()).isEqualTo(2);
	}

	@Test
	void aRequestCutOffAtTheDeadlineIsSentAgainInSmallerRequestsUntilOneFits() {
		// an OpenObserve that cannot take more than 8 records of 8 KiB within a flush's time
		StallingSink stalling = new StallingSink((batch) -> batch.size() > 8);
		BoundedQueue<byte[]> queue = BoundedQueue.records(10_000_000, 1_000_000, this.metrics.logs());
		String padding = "x".repeat(8 * 1024);
		for (int i = 0; i < 64; i++) {
			assertThat(queue.offer(bytes("{\"n\":" + i + ",\"pad\":\"" + padding + "\"}"))).isEqualTo(OfferResult.ACCEPTED);
		}
		Lane<byte[]> lane = new Lane<>("logs", "records", queue, stalling, new RetryingSender(
				new RetrySchedule(0, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.2), this.time, () -> 0.5,
				this.metrics.logs()), Circuit.never(this.metrics.logs()), this.metrics, NanoClock.SYSTEM, 1000,
				1_048_576, Duration.ofSeconds(30), List.of(new Secret(AUTH)));

		int flushes = 0;
		while (queue.hasQueued() && flushes < 40) {
			lane.flush(FlushTrigger.END_OF_INVOCATION, Deadline.after(Duration.ofMillis(50), NanoClock.SYSTEM));
			flushes++;
		}

		// 64 records, then 32, 16 cut off; 8 fit; after each success the lane tries twice the size again
		assertThat(stalling.sizes.subList(0, 4)).containsExactly(64, 32, 16, 8);
		assertThat(queue.hasQueued()).isFalse();
		assertThat(this.metrics.snapshot().logs().shipped()).isEqualTo(64);
		assertThat(stalling.stored).hasSize(64).doesNotHaveDuplicates();
	}

	@Test
	void anOpenCircuitStopsEndOfInvocationFlushesAndABackgroundProbeClosesIt() {
		this.circuit = new Circuit(2, new RetrySchedule(0, Duration.ofSeconds(1), Duration.ofSeconds(30), 2, 0),
				this.time, () -> 0.5, this.metrics.logs());
		this.sink = new RecordingSink((records) -> UNAVAILABLE);
		offer(3);
		Lane<byte[]> shipper = shipper(10);

		shipper.flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1)));
		assertThat(shipper.circuitOpen()).as("one failed delivery").isFalse();
		shipper.flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1)));
		assertThat(this.sink.batchSizes()).as("two deliveries of three attempts each").hasSize(6);
		assertThat(shipper.circuitOpen()).isTrue();

		assertThat(shipper.flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1))))
			.isEqualTo(new FlushResult(0, false));
		assertThat(shipper.flush(FlushTrigger.PERIODIC, this.time.in(Duration.ofMinutes(1))))
			.isEqualTo(new FlushResult(0, false));
		assertThat(shipper.probeDue()).isFalse();
		assertThat(this.sink.batches()).as("nothing tried while the probe is not due").hasSize(6);

		this.time.advance(Duration.ofSeconds(1));
		assertThat(shipper.probeDue()).isTrue();
		shipper.flush(FlushTrigger.PERIODIC, this.time.in(Duration.ofMinutes(1)));
		assertThat(this.sink.batches()).as("a failed probe is one attempt").hasSize(7);
		assertThat(shipper.circuitOpen()).isTrue();

		this.sink.answer((records) -> new Outcome.Accepted(records.size(), 0, null));
		this.time.advance(Duration.ofSeconds(2));
		offer(1);
		FlushResult recovered = shipper.flush(FlushTrigger.CONTINUOUS, this.time.in(Duration.ofMinutes(1)));

		assertThat(recovered).isEqualTo(new FlushResult(4, true));
		assertThat(shipper.circuitOpen()).isFalse();
		assertThat(this.sink.batches().get(7)).as("delivered in order").containsExactlyElementsOf(records(0, 4));
		assertThat(snapshot().logs().circuitOpenings()).isEqualTo(1);
		assertThat(snapshot().logs().circuitProbes()).isEqualTo(2);
		assertThat(snapshot().logs().droppedTotal()).isZero();
	}

	@Test
	void theShutdownFlushTriesEvenWithTheCircuitOpen() {
		this.circuit = new Circuit(1, new RetrySchedule(0, Duration.ofMinutes(1), Duration.ofMinutes(1), 2, 0),
				this.time, () -> 0.5, this.metrics.logs());
		this.sink = new RecordingSink((records) -> UNAVAILABLE);
		offer(2);
		Lane<byte[]> shipper = shipper(10);
		shipper.flush(FlushTrigger.END_OF_INVOCATION, this.time.in(Duration.ofMinutes(1)));
		this.sink.answer((records) -> new Outcome.Accepted(records.size(), 0, null));

		assertThat(shipper.flush(FlushTrigger.SHUTDOWN, this.time.in(Duration.ofSeconds(1))))
			.isEqualTo(new FlushResult(2, true));
	}

	@Test
	void anExpiredDeadlineSendsNothing() {
		offer(2);
		Deadline deadline = this.time.in(Duration.ofMillis(1));
		this.time.advance(Duration.ofMillis(1));

		assertThat(shipper(10).flush(FlushTrigger.END_OF_INVOCATION, deadline)).isEqualTo(new FlushResult(0, false));
		assertThat(this.sink.batches()).isEmpty();
	}

	@Test
	void twoFlushesNeverSendAtTheSameTime() throws Exception {
		CountDownLatch inSink = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.sink = new RecordingSink((records) -> {
			inSink.countDown();
			await(release);
			return new Outcome.Accepted(records.size(), 0, null);
		});
		Lane<byte[]> shipper = shipper(2);
		// the single-flight guard is the coordinator's one flush thread; the lane has no lock
		FlushCoordinator flushes = new FlushCoordinator(List.of(shipper), new ByteBudget(1 << 20), this.time,
				Long.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(30));
		offer(4);

		CompletableFuture<FlushResult> first = CompletableFuture
			.supplyAsync(() -> flushes.flushNow(FlushTrigger.PERIODIC, this.time.in(Duration.ofSeconds(30))));
		assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();
		Thread secondThread = Thread.ofPlatform().start(() -> {
			offer(2);
			flushes.flushNow(FlushTrigger.CONTINUOUS, this.time.in(Duration.ofSeconds(30)));
		});
		awaitState(secondThread, Thread.State.TIMED_WAITING);
		assertThat(this.sink.batches()).hasSize(1);

		release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS).drained()).isTrue();
		secondThread.join(Duration.ofSeconds(10));

		assertThat(secondThread.isAlive()).isFalse();
		assertThat(this.sink.maxConcurrentSends()).isEqualTo(1);
		assertThat(snapshot().logs().shipped()).isEqualTo(6);
		assertThat(snapshot().logs().flushes()).containsEntry(FlushTrigger.PERIODIC, 1L)
			.containsEntry(FlushTrigger.CONTINUOUS, 1L);
	}

	@Test
	void closeAtShutdownCountsWhatIsLeftOnceAndRefusesMore() {
		offer(5);
		Lane<byte[]> shipper = shipper(10);

		shipper.closeAtShutdown();
		shipper.closeAtShutdown();

		assertThat(snapshot().logs().dropped()).containsEntry(DropReason.UNSENT_AT_SHUTDOWN, 5L);
		assertThat(this.buffer.offer(bytes("{\"late\":true}"))).isEqualTo(OfferResult.CLOSED);
		assertThat(shipper.hasQueued()).isFalse();
		assertThat(shipper.flush(FlushTrigger.SHUTDOWN, this.time.in(Duration.ofSeconds(1))))
			.isEqualTo(new FlushResult(0, true));
	}

	@Test
	void closeAtShutdownCountsABatchInFlightOnce() {
		offer(3);
		Lane<byte[]> shipper = shipper(10);
		this.sink.answer((records) -> {
			shipper.closeAtShutdown(); // the shutdown deadline came while the request was out
			return new Outcome.Accepted(records.size(), 0, null);
		});

		shipper.flush(FlushTrigger.SHUTDOWN, this.time.in(Duration.ofSeconds(1)));

		InMemoryPipelineMetrics.Snapshot snapshot = snapshot();
		assertThat(snapshot.logs().shipped() + snapshot.logs().droppedAfterAcceptance() + this.buffer.stats().count())
			.as("every accepted record counted exactly once").isEqualTo(3);
	}

	private Lane<byte[]> shipper(int batchMaxRecords) {
		RetryingSender sender = new RetryingSender(
				new RetrySchedule(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.2), this.time, () -> 0.5,
				this.metrics.logs());
		return new Lane<>("logs", "records", this.buffer, this.sink, sender, this.circuit, this.metrics, this.time,
				batchMaxRecords,
				1000, this.sink.requestTimeout(), List.of(new Secret(AUTH)));
	}

	private Lane<byte[]> lane(Sink<byte[]> sink, NanoClock clock) {
		RetryingSender sender = new RetryingSender(
				new RetrySchedule(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.2), this.time, () -> 0.5,
				this.metrics.logs());
		return new Lane<>("logs", "records", this.buffer, sink, sender, Circuit.never(this.metrics.logs()), this.metrics,
				clock, 10, 1000,
				Duration.ofSeconds(30), List.of(new Secret(AUTH)));
	}

	/** A server that takes the request and never answers (those {@code stalls} picks); it sees the cancel. */
	private static final class StallingSink implements Sink<byte[]> {

		final CountDownLatch sent = new CountDownLatch(1);

		final List<Duration> timeouts = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<String> stored = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final java.util.function.Predicate<Batch<byte[]>> stalls;

		volatile boolean cancelled;

		StallingSink() {
			this((batch) -> true);
		}

		StallingSink(java.util.function.Predicate<Batch<byte[]>> stalls) {
			this.stalls = stalls;
		}

		@Override
		public byte[] encode(Batch<byte[]> batch) {
			return BatchEncoder.gzipJsonArray(batch.entries());
		}

		@Override
		public Mono<Outcome> send(Batch<byte[]> batch, byte[] body, Duration timeout) {
			this.sizes.add(batch.size());
			if (!this.stalls.test(batch)) {
				batch.entries().forEach((entry) -> this.stored.add(new String(entry, StandardCharsets.UTF_8)));
				return Mono.just(new Outcome.Accepted(batch.size(), 0, null));
			}
			return Mono.<Outcome>never().doOnSubscribe((subscription) -> {
				this.timeouts.add(timeout);
				this.sent.countDown();
			}).doOnCancel(() -> this.cancelled = true);
		}

	}

	private void offer(int count) {
		int first = (int) this.metrics.snapshot().logs().accepted();
		for (int i = first; i < first + count; i++) {
			offerText(record(i));
		}
	}

	private void offerText(String text) {
		assertThat(this.buffer.offer(bytes(text))).isEqualTo(OfferResult.ACCEPTED);
	}

	private InMemoryPipelineMetrics.Snapshot snapshot() {
		return this.metrics.snapshot();
	}

	private static String record(int n) {
		return "{\"n\":" + n + "}";
	}

	private static List<String> records(int from, int to) {
		return IntStream.range(from, to).mapToObj(LaneTest::record).toList();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> texts(Batch<byte[]> batch) {
		return batch.entries().stream().map((r) -> new String(r, StandardCharsets.UTF_8)).toList();
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released within 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Polls until the thread parks (here: waiting for the flush thread), for at most 10 s. */
	private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (thread.getState() != state) {
			assertThat(System.nanoTime() - end).as("thread reached " + state + " in time").isNegative();
			Thread.sleep(1);
		}
	}

}
