package dev.o2ext.buffer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.o2ext.metrics.LaneCounters;

/**
 * What the spill costs the thread that offers: records offered to a log queue whose memory is
 * full, so that every one goes to the spill and each request's worth is compressed and written
 * on that thread (under the queue's lock), against the same records offered to memory; then
 * what reading them back costs the flush thread. Prints numbers, asserts nothing. Run after
 * {@code mvn -o -q -Dlayer.skip test-compile} with
 * {@code java -cp target/test-classes:target/classes:<test classpath> dev.o2ext.buffer.SpillCostBenchmark [directory]}
 * (default: a new directory under {@code /tmp}, removed afterwards).
 */
public final class SpillCostBenchmark {

	private static final int RECORDS = 50_000;

	private static final int SEGMENT_ENTRIES = 5_000;

	private static final long SEGMENT_BYTES = 1 << 20;

	private SpillCostBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		Path root = (args.length > 0) ? Path.of(args[0]) : Files.createTempDirectory("o2-spill-bench");
		byte[][] records = records();
		long recordBytes = Stream.of(records).mapToLong(r -> r.length).sum();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		System.out.printf("%d records, %d bytes (%.0f bytes each), segments of at most %d records and %d bytes%n",
				RECORDS, recordBytes, (double) recordBytes / RECORDS, SEGMENT_ENTRIES, SEGMENT_BYTES);
		for (int round = 0; round < 5; round++) {
			Path directory = root.resolve("round-" + round);
			LaneCounters counters = new LaneCounters();
			// memory: room for all of them
			BoundedQueue<byte[]> memory = BoundedQueue.records(new ByteBudget(recordBytes * 2), 1 << 20, counters);
			long cpu = threads.getCurrentThreadCpuTime();
			for (byte[] record : records) {
				memory.offer(record);
			}
			long memoryCpu = threads.getCurrentThreadCpuTime() - cpu;

			// the spill: memory of a few records, everything else to disk
			LaneCounters spillCounters = new LaneCounters();
			BoundedQueue<byte[]> spilling = BoundedQueue.records(new ByteBudget(1_000), 1_000, spillCounters,
					SpillDirectory.of(directory, 1L << 30).lane("logs", Measure.RECORDS, EntryCodec.RECORDS,
							spillCounters, SEGMENT_ENTRIES, SEGMENT_BYTES));
			long slowestOfferNanos = 0;
			cpu = threads.getCurrentThreadCpuTime();
			long wall = System.nanoTime();
			for (byte[] record : records) {
				long start = System.nanoTime();
				spilling.offer(record);
				slowestOfferNanos = Math.max(slowestOfferNanos, System.nanoTime() - start);
			}
			long spillCpu = threads.getCurrentThreadCpuTime() - cpu;
			long spillWall = System.nanoTime() - wall;
			QueueStats stats = spilling.stats();

			cpu = threads.getCurrentThreadCpuTime();
			long drained = 0;
			while (spilling.hasQueued()) {
				Batch<byte[]> batch = spilling.drain(SEGMENT_ENTRIES, SEGMENT_BYTES);
				drained += batch.count();
				spilling.complete(batch);
			}
			long drainCpu = threads.getCurrentThreadCpuTime() - cpu;
			System.out.printf("round %d: offer to memory %.2f µs CPU per record; to the spill %.2f µs CPU per record"
					+ " (%.1f MB/s of records on one core, wall %.0f ms), slowest offer %.1f ms; %d segments, %d bytes on"
					+ " disk (%.1f:1); reading back %.2f µs CPU per record (%d records)%n", round,
					memoryCpu / 1000.0 / RECORDS, spillCpu / 1000.0 / RECORDS, recordBytes / (spillCpu / 1e9) / 1e6,
					spillWall / 1e6, slowestOfferNanos / 1e6, stats.spilledSegments(), stats.spilledBytes(),
					(double) recordBytes / Math.max(1, stats.spilledBytes()), drainCpu / 1000.0 / RECORDS, drained);
			delete(directory);
		}
		if (args.length == 0) {
			delete(root);
		}
	}

	/** Log records of the shape the extension sends: a function line with its context, varied like real ones. */
	private static byte[][] records() {
		byte[][] records = new byte[RECORDS][];
		long time = 1_785_265_335_325_000L;
		for (int i = 0; i < RECORDS; i++) {
			String requestId = "1ba8e02a-fe88-40db-8cd3-" + String.format("%012x", (i / 40) * 2654435761L & 0xffffffffffffL);
			String json = "{\"_timestamp\":" + (time + i * 1_337L) + ",\"type\":\"function\",\"level\":\""
					+ ((i % 17 == 0) ? "WARN" : "INFO") + "\",\"requestId\":\"" + requestId
					+ "\",\"message\":\"order " + (100_000 + i * 7 % 9_973) + " processed in " + (i * 31 % 997)
					+ " ms for customer c-" + (i * 13 % 5_000) + "\",\"faas_name\":\"orders\",\"faas_version\":\"$LATEST\","
					+ "\"cloud_region\":\"eu-west-1\",\"log_stream\":\"2026/07/28/[$LATEST]51c55ba7f2f4447380068cd63889a031\"}";
			records[i] = json.getBytes(StandardCharsets.UTF_8);
		}
		return records;
	}

	private static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

}
