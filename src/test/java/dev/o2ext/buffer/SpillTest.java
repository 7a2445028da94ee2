package dev.o2ext.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.LaneCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillTest {

	private static final int SEGMENT_ENTRIES = 4;

	private static final long SEGMENT_BYTES = 1000;

	@TempDir
	Path root;

	private final LaneCounters counters = new LaneCounters();

	@Test
	void withoutASpillAFullQueueRefusesAndNothingIsWritten() {
		BoundedQueue<byte[]> queue = BoundedQueue.records(new ByteBudget(30), 10, this.counters,
				SpillDirectory.OFF.lane("logs", Measure.RECORDS, EntryCodec.RECORDS, this.counters, SEGMENT_ENTRIES,
						SEGMENT_BYTES));
		List<OfferResult> results = offer(queue, 0, 5);

		assertThat(results).containsExactly(OfferResult.ACCEPTED, OfferResult.ACCEPTED, OfferResult.ACCEPTED,
				OfferResult.FULL, OfferResult.FULL);
		assertThat(this.root).isEmptyDirectory();
	}

	@Test
	void whatDoesNotFitInMemoryIsSpilledAndEverythingLeavesInOrder() throws IOException {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);

		assertThat(offer(queue, 0, 20)).containsOnly(OfferResult.ACCEPTED);
		// 3 in memory, 17 behind them: 4 segments of 4 on disk and 1 staged
		assertThat(segmentFiles(this.root.resolve("logs"))).hasSize(4);
		QueueStats stats = queue.stats();
		assertThat(stats.count()).isEqualTo(20);
		assertThat(stats.spilledCount()).isEqualTo(17);
		assertThat(stats.spilledSegments()).isEqualTo(4);
		assertThat(stats.spilledBytes()).isPositive();
		assertThat(this.counters.snapshot().spilled()).isEqualTo(16);

		assertThat(deliverAll(queue)).containsExactlyElementsOf(names(0, 20));
		assertThat(segmentFiles(this.root.resolve("logs"))).isEmpty();
		assertThat(queue.stats().count()).isZero();
		assertInvariant(queue);
	}

	@Test
	void newEntriesWaitBehindTheSpillUntilItIsEmpty() {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);
		offer(queue, 0, 12);
		// one segment out; memory has room again but a later entry must not overtake the spill
		deliver(queue, 3);
		offer(queue, 12, 14);

		assertThat(deliverAll(queue)).containsExactlyElementsOf(names(3, 14));
		// once the spill is empty, entries go to memory again
		offer(queue, 14, 15);
		assertThat(queue.stats().spilledCount()).isZero();
		assertThat(deliverAll(queue)).containsExactly("r14");
		assertInvariant(queue);
	}

	@Test
	void aRestartInTheSameSandboxSendsWhatWasSpilledFirst() {
		BoundedQueue<byte[]> first = queue(this.root, 30, 1 << 20, this.counters);
		offer(first, 0, 16);
		// the extension ends without a shutdown: memory (r0–r2) and the staged r15 are lost with it

		LaneCounters again = new LaneCounters();
		BoundedQueue<byte[]> second = queue(this.root, 30, 1 << 20, again);
		assertThat(again.snapshot().recovered()).isEqualTo(12);
		assertThat(again.snapshot().received()).isEqualTo(12);
		offer(second, 100, 102);

		assertThat(deliverAll(second)).containsExactlyElementsOf(concat(names(3, 15), names(100, 102)));
		LaneCounters.Snapshot snapshot = again.snapshot();
		assertThat(snapshot.shipped()).isEqualTo(14);
		assertThat(snapshot.accepted()).isEqualTo(14);
	}

	@Test
	void beyondItsBoundTheOldestSpilledAreRemovedAndCounted() throws IOException {
		BoundedQueue<byte[]> probe = queue(this.root.resolve("probe"), 30, 1 << 20, new LaneCounters());
		offer(probe, 0, 8);
		long segment = Files.size(segmentFiles(this.root.resolve("probe").resolve("logs")).get(0));

		BoundedQueue<byte[]> queue = queue(this.root.resolve("bounded"), 30, 2 * segment + segment / 2, this.counters);
		offer(queue, 0, 20);

		assertThat(segmentFiles(this.root.resolve("bounded").resolve("logs"))).hasSize(2);
		assertThat(this.counters.snapshot().dropped()).containsEntry(DropReason.SPILL_FULL, 8L);
		// memory, then the two newest segments, then what is staged
		assertThat(deliverAll(queue)).containsExactlyElementsOf(concat(names(0, 3), names(11, 20)));
		assertInvariant(queue);
	}

	@Test
	void aSpillThatCannotBeWrittenRefusesAsIfThereWereNone() throws IOException {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);
		Files.delete(this.root.resolve("logs")); // /tmp gone, or full

		List<OfferResult> results = offer(queue, 0, 10);

		// 3 in memory, 4 staged, then the staging cannot be written: later ones are refused
		assertThat(results.subList(0, 7)).containsOnly(OfferResult.ACCEPTED);
		assertThat(results.subList(7, 10)).containsOnly(OfferResult.FULL);
		assertThat(this.counters.snapshot().spillFailures()).isEqualTo(3);
		assertThat(this.counters.snapshot().dropped()).containsEntry(DropReason.BUFFER_FULL, 3L);
		assertThat(deliverAll(queue)).containsExactlyElementsOf(names(0, 7));
		assertInvariant(queue);
	}

	@Test
	void aDirectoryThatCannotBeCreatedTurnsTheSpillOff() throws IOException {
		Path file = Files.writeString(this.root.resolve("not-a-directory"), "x");
		Spill<byte[]> spill = SpillDirectory.of(file, 1 << 20).lane("logs", Measure.RECORDS, EntryCodec.RECORDS,
				this.counters, SEGMENT_ENTRIES, SEGMENT_BYTES);

		assertThat(spill.enabled()).isFalse();
	}

	@Test
	void aDamagedSegmentIsCountedAndTheNextOneStillGoesOut() throws IOException {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);
		offer(queue, 0, 12);
		Path oldest = segmentFiles(this.root.resolve("logs")).get(0);
		byte[] bytes = Files.readAllBytes(oldest);
		bytes[bytes.length - 3] ^= 0x5a; // the gzip trailer's CRC no longer matches
		Files.write(oldest, bytes);

		assertThat(deliverAll(queue)).containsExactlyElementsOf(concat(names(0, 3), names(7, 12)));
		assertThat(this.counters.snapshot().dropped()).containsEntry(DropReason.SPILL_FAILED, 4L);
		assertThat(this.counters.snapshot().spillFailures()).isEqualTo(1);
		assertInvariant(queue);
	}

	@Test
	void aSegmentWhoseHeaderClaimsHugelyManyEntriesIsCountedNotAllocated() throws IOException {
		Path lane = Files.createDirectories(this.root.resolve("logs"));
		java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(file)) {
			out.writeInt(0x4F325350);
			out.writeByte(1);
			out.writeInt(Integer.MAX_VALUE); // a damaged entry count: no segment holds that many
			out.writeLong(5);
			try (java.util.zip.GZIPOutputStream body = new java.util.zip.GZIPOutputStream(out)) {
				body.flush();
			}
		}
		Files.write(lane.resolve(String.format("%020d.seg", 1L << 40)), file.toByteArray());
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);

		assertThat(deliverAll(queue)).isEmpty();
		assertThat(this.counters.snapshot().dropped()).containsEntry(DropReason.SPILL_FAILED, 5L);
		assertThat(segmentFiles(lane)).isEmpty();
		assertInvariant(queue);
	}

	@Test
	void aSegmentWhoseEntriesDoNotHoldTheItemsItsHeaderSaysIsCountedAsFailed() throws IOException {
		Path lane = Files.createDirectories(this.root.resolve("logs"));
		java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(file)) {
			out.writeInt(0x4F325350);
			out.writeByte(1);
			out.writeInt(2);
			out.writeLong(5); // two records are two items, not five
			try (java.io.DataOutputStream body = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(out))) {
				EntryCodec.RECORDS.write("r0".getBytes(java.nio.charset.StandardCharsets.UTF_8), body);
				EntryCodec.RECORDS.write("r1".getBytes(java.nio.charset.StandardCharsets.UTF_8), body);
			}
		}
		Files.write(lane.resolve(String.format("%020d.seg", 1L << 40)), file.toByteArray());
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);

		assertThat(deliverAll(queue)).isEmpty();
		assertThat(this.counters.snapshot().dropped()).containsEntry(DropReason.SPILL_FAILED, 5L);
		assertThat(segmentFiles(lane)).isEmpty();
		assertInvariant(queue);
	}

	@Test
	void aSegmentDeliveredInPartIsRewrittenWithTheRest() {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);
		offer(queue, 0, 11);
		deliver(queue, 3);
		Batch<byte[]> segment = queue.drain(100, 1 << 20);
		assertThat(segment.spilled()).isTrue();
		List<Batch<byte[]>> halves = segment.halves(queue.measure());
		queue.complete(halves.get(0)); // r3, r4 stored; r5, r6 failed
		queue.requeue(halves.get(1));

		// a restart now must not send r3 and r4 again
		BoundedQueue<byte[]> restarted = queue(this.root, 30, 1 << 20, new LaneCounters());
		assertThat(deliverAll(restarted)).containsExactly("r5", "r6");
		// the run that goes on sends the rest of the segment, then what it staged
		assertThat(deliverAll(queue)).containsExactlyElementsOf(names(5, 11));
	}

	@Test
	void aSegmentGoesOutInSmallerBatchesWhenTheLaneAsksAndTheFileKeepsTheRest() {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);
		offer(queue, 0, 11);
		deliver(queue, 3);

		Batch<byte[]> part = queue.drain(2, 1 << 20);
		assertThat(part.spilled()).isTrue();
		assertThat(part.size()).isEqualTo(2);
		queue.complete(part);

		BoundedQueue<byte[]> restarted = queue(this.root, 30, 1 << 20, new LaneCounters());
		assertThat(deliverAll(restarted)).containsExactly("r5", "r6");
	}

	@Test
	void spillQueuedMovesMemoryToDiskKeepingTheOrderWithABatchInFlight() {
		ByteBudget budget = new ByteBudget(30);
		BoundedQueue<byte[]> queue = BoundedQueue.records(budget, 10, this.counters,
				SpillDirectory.of(this.root, 1 << 20).lane("logs", Measure.RECORDS, EntryCodec.RECORDS, this.counters,
						SEGMENT_ENTRIES, SEGMENT_BYTES));
		offer(queue, 0, 3);
		Batch<byte[]> inFlight = queue.drain(1, 1 << 20); // r0, on the wire
		offer(queue, 3, 4); // staged: r0 still holds its bytes

		queue.spillQueued(() -> false);
		assertThat(budget.used()).isEqualTo(10); // only r0, in flight
		assertThat(queue.stats().spilledSegments()).isEqualTo(2); // r1–r2 before r3
		offer(queue, 4, 6);
		queue.requeue(inFlight); // OpenObserve failed it

		assertThat(deliverAll(queue)).containsExactlyElementsOf(names(0, 6));
		assertInvariant(queue);
	}

	@Test
	void atShutdownWhatIsSpilledIsCountedAsUnsentAndRemoved() throws IOException {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);
		offer(queue, 0, 13);

		assertThat(queue.close()).isEqualTo(13);
		assertThat(this.counters.snapshot().dropped()).containsEntry(DropReason.UNSENT_AT_SHUTDOWN, 13L);
		assertThat(segmentFiles(this.root.resolve("logs"))).isEmpty();
		assertThat(queue.stats().count()).isZero();
		assertInvariant(queue);
	}

	@Test
	void aSpilledBatchInFlightAtShutdownIsCountedWhenItComesBack() {
		BoundedQueue<byte[]> queue = queue(this.root, 30, 1 << 20, this.counters);
		offer(queue, 0, 11);
		deliver(queue, 3);
		Batch<byte[]> segment = queue.drain(100, 1 << 20);

		assertThat(queue.close()).isEqualTo(4); // the staged r7–r10; r3–r6 are on the wire
		assertThat(queue.stats().count()).isEqualTo(4);
		assertThat(queue.requeue(segment)).isFalse();

		assertThat(this.counters.snapshot().dropped()).containsEntry(DropReason.UNSENT_AT_SHUTDOWN, 11L - 3);
		assertThat(queue.stats().count()).isZero();
		assertInvariant(queue);
	}

	private static BoundedQueue<byte[]> queue(Path root, long memory, long disk, LaneCounters counters) {
		return BoundedQueue.records(new ByteBudget(memory), 10, counters, SpillDirectory.of(root, disk)
			.lane("logs", Measure.RECORDS, EntryCodec.RECORDS, counters, SEGMENT_ENTRIES, SEGMENT_BYTES));
	}

	/** Offers {@code r<from>} … {@code r<to - 1>}, padded to 10 bytes each. */
	private static List<OfferResult> offer(BoundedQueue<byte[]> queue, int from, int to) {
		List<OfferResult> results = new ArrayList<>();
		for (int i = from; i < to; i++) {
			results.add(queue.offer(String.format("%-10s", "r" + i).getBytes(StandardCharsets.UTF_8)));
		}
		return results;
	}

	private static List<String> names(int from, int to) {
		List<String> names = new ArrayList<>();
		for (int i = from; i < to; i++) {
			names.add("r" + i);
		}
		return names;
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	/** Drains and completes batches until {@code entries} were delivered. */
	private static List<String> deliver(BoundedQueue<byte[]> queue, int entries) {
		List<String> delivered = new ArrayList<>();
		while (delivered.size() < entries) {
			Batch<byte[]> batch = queue.drain(entries - delivered.size(), 1 << 20);
			if (batch.isEmpty()) {
				break;
			}
			batch.entries().forEach((entry) -> delivered.add(new String(entry, StandardCharsets.UTF_8).trim()));
			queue.complete(batch);
			queue.counters().shipped(batch.count());
		}
		return delivered;
	}

	private static List<String> deliverAll(BoundedQueue<byte[]> queue) {
		return deliver(queue, Integer.MAX_VALUE);
	}

	private static List<Path> segmentFiles(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".seg")).sorted().toList();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private static void assertInvariant(BoundedQueue<byte[]> queue) {
		LaneCounters.Snapshot snapshot = queue.counters().snapshot();
		assertThat(snapshot.received()).isEqualTo(snapshot.accepted() + snapshot.droppedAtIngest());
		assertThat(snapshot.accepted())
			.isEqualTo(snapshot.shipped() + snapshot.droppedAfterAcceptance() + queue.stats().count());
	}

}
