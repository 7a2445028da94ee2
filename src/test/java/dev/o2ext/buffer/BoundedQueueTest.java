package dev.o2ext.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.LaneCounters;
import org.junit.jupiter.api.Test;

class BoundedQueueTest {

	@Test
	void isBoundedByBytesNotByRecords() {
		BoundedQueue<byte[]> small = BoundedQueue.records(100, 50, new LaneCounters());
		for (int i = 0; i < 4; i++) {
			assertThat(small.offer(bytes(25))).isEqualTo(OfferResult.ACCEPTED);
		}
		assertThat(small.offer(bytes(1))).isEqualTo(OfferResult.FULL);

		BoundedQueue<byte[]> many = BoundedQueue.records(100, 50, new LaneCounters());
		for (int i = 0; i < 100; i++) {
			assertThat(many.offer(bytes(1))).isEqualTo(OfferResult.ACCEPTED);
		}
		assertThat(many.offer(bytes(1))).isEqualTo(OfferResult.FULL);
		assertThat(many.stats().count()).isEqualTo(100);
		assertThat(many.stats().bytes()).isEqualTo(100);
	}

	@Test
	void aFullBufferStillTakesARecordThatFits() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(100, 50, new LaneCounters());
		buffer.offer(bytes(50));
		buffer.offer(bytes(40));

		assertThat(buffer.offer(bytes(11))).isEqualTo(OfferResult.FULL);
		assertThat(buffer.offer(bytes(10))).isEqualTo(OfferResult.ACCEPTED);
	}

	@Test
	void refusesARecordLargerThanABatchEvenWhenEmpty() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(100, 50, new LaneCounters());

		assertThat(buffer.offer(bytes(51))).isEqualTo(OfferResult.TOO_LARGE);
		assertThat(buffer.offer(bytes(50))).isEqualTo(OfferResult.ACCEPTED);
		assertThat(buffer.stats().bytes()).isEqualTo(50);
	}

	@Test
	void refusalsMapToTheirDropReasons() {
		assertThat(OfferResult.ACCEPTED.dropReason()).isNull();
		assertThat(OfferResult.FULL.dropReason()).isEqualTo(DropReason.BUFFER_FULL);
		assertThat(OfferResult.TOO_LARGE.dropReason()).isEqualTo(DropReason.RECORD_TOO_LARGE);
		assertThat(OfferResult.CLOSED.dropReason()).isEqualTo(DropReason.SHUT_DOWN);
	}

	@Test
	void aRecordLargerThanTheCapacityCannotBeConfigured() {
		assertThatThrownBy(() -> BoundedQueue.records(100, 101, new LaneCounters())).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void drainTakesFromTheFrontInOrderUpToRecordsAndBytes() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(1000, 100, new LaneCounters());
		offer(buffer, "a", "b", "c", "d", "e");

		assertThat(texts(buffer.drain(2, 1000))).containsExactly("a", "b");
		assertThat(texts(buffer.drain(10, 2))).containsExactly("c", "d");
		assertThat(texts(buffer.drain(10, 1000))).containsExactly("e");
		assertThat(buffer.drain(10, 1000).isEmpty()).isTrue();
	}

	@Test
	void drainAlwaysTakesTheFirstRecordAndCountsItsBytes() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(1000, 100, new LaneCounters());
		buffer.offer(bytes(80));
		buffer.offer(bytes(30));

		Batch<byte[]> batch = buffer.drain(10, 50);

		assertThat(batch.size()).isEqualTo(1);
		assertThat(batch.bytes()).isEqualTo(80);
	}

	@Test
	void recordsInFlightCountAgainstTheCapacityUntilComplete() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(100, 50, new LaneCounters());
		buffer.offer(bytes(50));
		buffer.offer(bytes(50));

		Batch<byte[]> batch = buffer.drain(10, 100);
		assertThat(buffer.hasQueued()).isFalse();
		assertThat(buffer.stats()).isEqualTo(new QueueStats(2, 100, 2, 100, 100, false, 0, 0, 0));
		assertThat(buffer.offer(bytes(1))).isEqualTo(OfferResult.FULL);

		buffer.complete(batch);
		assertThat(buffer.stats()).isEqualTo(new QueueStats(0, 0, 0, 100, 100, false, 0, 0, 0));
		assertThat(buffer.offer(bytes(50))).isEqualTo(OfferResult.ACCEPTED);
	}

	@Test
	void requeuePutsTheBatchBackAtTheFrontInOrder() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(1000, 100, new LaneCounters());
		offer(buffer, "a", "b", "c", "d");
		Batch<byte[]> first = buffer.drain(2, 1000);
		offer(buffer, "e");

		buffer.requeue(first);

		assertThat(buffer.stats().inFlightCount()).isZero();
		assertThat(buffer.stats().bytes()).isEqualTo(5);
		assertThat(texts(buffer.drain(10, 1000))).containsExactly("a", "b", "c", "d", "e");
	}

	@Test
	void closeDiscardsWhatIsQueuedAndRefusesLaterOffers() {
		ByteBudget budget = new ByteBudget(1000);
		BoundedQueue<byte[]> buffer = BoundedQueue.records(budget, 100, new LaneCounters());
		offer(buffer, "a", "b", "c");
		Batch<byte[]> inFlight = buffer.drain(1, 1000);

		assertThat(buffer.close()).isEqualTo(2);
		assertThat(buffer.close()).isZero();
		assertThat(buffer.offer(bytes(1))).isEqualTo(OfferResult.CLOSED);
		assertThat(buffer.hasQueued()).isFalse();
		assertThat(buffer.stats()).isEqualTo(new QueueStats(1, 1, 1, 1000, 3, true, 0, 0, 0));
		assertThat(budget.used()).isEqualTo(1);

		buffer.complete(inFlight);
		assertThat(budget.used()).isZero();
	}

	@Test
	void everyOfferAndWhatCloseDiscardsIsCountedInTheLane() {
		LaneCounters counters = new LaneCounters();
		BoundedQueue<byte[]> buffer = BoundedQueue.records(100, 60, counters);
		buffer.offer(bytes(60));
		buffer.offer(bytes(41));
		buffer.offer(bytes(61));
		buffer.offer(bytes(10));
		Batch<byte[]> inFlight = buffer.drain(1, 100);

		buffer.close();
		buffer.offer(bytes(1));
		buffer.requeue(inFlight);

		LaneCounters.Snapshot snapshot = counters.snapshot();
		assertThat(snapshot.received()).isEqualTo(5);
		assertThat(snapshot.accepted()).isEqualTo(2);
		assertThat(snapshot.acceptedEntries()).isEqualTo(2);
		assertThat(snapshot.dropped()).containsEntry(DropReason.BUFFER_FULL, 1L)
			.containsEntry(DropReason.RECORD_TOO_LARGE, 1L)
			.containsEntry(DropReason.SHUT_DOWN, 1L)
			.containsEntry(DropReason.UNSENT_AT_SHUTDOWN, 2L);
		assertThat(snapshot.received()).isEqualTo(snapshot.accepted() + snapshot.droppedAtIngest());
		assertThat(snapshot.accepted()).isEqualTo(snapshot.droppedAfterAcceptance() + buffer.stats().count());
	}

	@Test
	void tooLargeIsAnsweredBeforeClosed() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(100, 10, new LaneCounters());
		buffer.close();

		assertThat(buffer.offer(bytes(11))).isEqualTo(OfferResult.TOO_LARGE);
		assertThat(buffer.offer(bytes(5))).isEqualTo(OfferResult.CLOSED);
	}

	@Test
	void twoBuffersSharingABudgetShareOneBound() {
		ByteBudget budget = new ByteBudget(100);
		BoundedQueue<byte[]> logs = BoundedQueue.records(budget, 60, new LaneCounters());
		BoundedQueue<byte[]> traces = BoundedQueue.records(budget, 60, new LaneCounters());

		assertThat(logs.offer(bytes(60))).isEqualTo(OfferResult.ACCEPTED);
		assertThat(traces.offer(bytes(41))).isEqualTo(OfferResult.FULL);
		assertThat(traces.offer(bytes(40))).isEqualTo(OfferResult.ACCEPTED);
		assertThat(budget.used()).isEqualTo(100);

		logs.complete(logs.drain(10, 60));
		assertThat(traces.offer(bytes(60))).isEqualTo(OfferResult.ACCEPTED);
		assertThat(logs.stats().bytes()).isZero();
		assertThat(traces.stats().bytes()).isEqualTo(100);
		assertThat(traces.stats().capacityBytes()).isEqualTo(100);
	}

	@Test
	void highWaterMarkRemembersThePeak() {
		BoundedQueue<byte[]> buffer = BoundedQueue.records(1000, 100, new LaneCounters());
		buffer.offer(bytes(70));
		buffer.offer(bytes(30));
		buffer.complete(buffer.drain(10, 100));
		buffer.offer(bytes(20));

		assertThat(buffer.stats().bytes()).isEqualTo(20);
		assertThat(buffer.stats().highWaterBytes()).isEqualTo(100);
	}

	@Test
	void byteBudgetReservesOnlyWhatFits() {
		ByteBudget budget = new ByteBudget(10);

		assertThat(budget.tryReserve(10)).isTrue();
		assertThat(budget.tryReserve(1)).isFalse();
		budget.release(4);
		assertThat(budget.tryReserve(4)).isTrue();
		assertThat(budget.tryReserve(1)).isFalse();
		assertThat(budget.used()).isEqualTo(10);
		assertThat(budget.highWater()).isEqualTo(10);
		assertThat(budget.capacity()).isEqualTo(10);
	}

	@Test
	void batchHalvesKeepOrderAndBytes() {
		Batch<byte[]> batch = Batch.of(List.of(text("a"), text("bb"), text("ccc")), Measure.RECORDS);

		List<Batch<byte[]>> halves = batch.halves(Measure.RECORDS);

		assertThat(batch.bytes()).isEqualTo(6);
		assertThat(texts(halves.get(0))).containsExactly("a");
		assertThat(texts(halves.get(1))).containsExactly("bb", "ccc");
		assertThat(halves.get(0).bytes() + halves.get(1).bytes()).isEqualTo(6);
	}

	/**
	 * Producers offer while one drainer completes or requeues batches; at the end every accepted
	 * record was either completed or is still queued, and the budget holds exactly those bytes.
	 */
	@Test
	void concurrentOffersAndDrainsLoseNothing() throws Exception {
		ByteBudget budget = new ByteBudget(64 * 1024);
		BoundedQueue<byte[]> buffer = BoundedQueue.records(budget, 512, new LaneCounters());
		int producers = 4;
		int perProducer = 20_000;
		AtomicLong accepted = new AtomicLong();
		AtomicLong acceptedBytes = new AtomicLong();
		AtomicLong refused = new AtomicLong();
		AtomicLong completed = new AtomicLong();
		AtomicLong completedBytes = new AtomicLong();
		AtomicBoolean producing = new AtomicBoolean(true);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(producers + 1);
		try {
			List<Future<?>> producerTasks = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				int seed = p;
				producerTasks.add(pool.submit(() -> {
					SplittableRandom random = new SplittableRandom(seed);
					start.await();
					for (int i = 0; i < perProducer; i++) {
						byte[] record = bytes(1 + random.nextInt(600));
						OfferResult result = buffer.offer(record);
						if (result == OfferResult.ACCEPTED) {
							accepted.incrementAndGet();
							acceptedBytes.addAndGet(record.length);
						}
						else {
							refused.incrementAndGet();
						}
					}
					return null;
				}));
			}
			Future<?> drainer = pool.submit(() -> {
				SplittableRandom random = new SplittableRandom(42);
				start.await();
				while (producing.get()) {
					Batch<byte[]> batch = buffer.drain(1 + random.nextInt(50), 4096);
					if (batch.isEmpty()) {
						Thread.onSpinWait();
					}
					else if (random.nextInt(4) == 0) {
						buffer.requeue(batch);
					}
					else {
						buffer.complete(batch);
						completed.addAndGet(batch.size());
						completedBytes.addAndGet(batch.bytes());
					}
				}
				return null;
			});
			start.countDown();
			for (Future<?> task : producerTasks) {
				task.get(60, TimeUnit.SECONDS);
			}
			producing.set(false);
			drainer.get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}

		QueueStats stats = buffer.stats();
		assertThat(stats.inFlightCount()).isZero();
		assertThat(accepted.get() + refused.get()).isEqualTo((long) producers * perProducer);
		assertThat(completed.get()).isPositive();
		assertThat(accepted.get()).isEqualTo(completed.get() + stats.count());
		assertThat(acceptedBytes.get()).isEqualTo(completedBytes.get() + stats.bytes());
		assertThat(budget.used()).isEqualTo(stats.bytes());
		assertThat(stats.highWaterBytes()).isLessThanOrEqualTo(budget.capacity());
	}

	private static void offer(BoundedQueue<byte[]> buffer, String... records) {
		for (String record : records) {
			assertThat(buffer.offer(text(record))).isEqualTo(OfferResult.ACCEPTED);
		}
	}

	private static byte[] bytes(int size) {
		return new byte[size];
	}

	private static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> texts(Batch<byte[]> batch) {
		return batch.entries().stream().map((r) -> new String(r, StandardCharsets.UTF_8)).toList();
	}

}
