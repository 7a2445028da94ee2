package dev.o2ext.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one delivery lane (the function's logs, each OpenTelemetry signal): what its
 * queue received, accepted and dropped at ingest, what its sink delivered, what was lost after
 * acceptance, by reason, its retries, failed attempts and flushes. Items are log records, spans,
 * log records or metric data points; entries are what was queued (one record, one export).
 * Thread-safe and lock-free except for the latency window: the producers, the flush thread and
 * the lifecycle thread write them concurrently.
 *
 * <p>The invariant, which tests assert: {@code received = accepted + dropped at ingest} and
 * {@code accepted = shipped + dropped after acceptance + still queued or in flight}.
 */
public final class LaneCounters {

	static final int LATENCY_WINDOW = 512;

	private final LongAdder received = new LongAdder();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder acceptedEntries = new LongAdder();

	private final LongAdder shipped = new LongAdder();

	private final LongAdder shippedEntries = new LongAdder();

	private final LongAdder sentRequests = new LongAdder();

	private final LongAdder sentBytes = new LongAdder();

	private final LongAdder retries = new LongAdder();

	private final EnumCounters<DropReason> dropped = new EnumCounters<>(DropReason.class);

	private final EnumCounters<FailureKind> failures = new EnumCounters<>(FailureKind.class);

	private final EnumCounters<FlushTrigger> flushes = new EnumCounters<>(FlushTrigger.class);

	private final LongAdder circuitOpenings = new LongAdder();

	private final LongAdder circuitProbes = new LongAdder();

	private volatile boolean circuitOpen;

	private final LongAdder spilled = new LongAdder();

	private final LongAdder recovered = new LongAdder();

	private final LongAdder spillFailures = new LongAdder();

	private final long[] latenciesMicros = new long[LATENCY_WINDOW];

	private long latencyCount;

	/** Items offered to the lane's queue. */
	public void received(long items) {
		this.received.add(items);
	}

	/** Items of one entry the queue took. */
	public void accepted(long items) {
		this.accepted.add(items);
		this.acceptedEntries.increment();
	}

	/** Items OpenObserve confirmed as stored. */
	public void shipped(long items) {
		this.shipped.add(items);
	}

	/** One request OpenObserve answered with success. */
	public void sent(int entries, long bytes) {
		this.sentRequests.increment();
		this.shippedEntries.add(entries);
		this.sentBytes.add(bytes);
	}

	/** Items lost, with the reason. */
	public void dropped(DropReason reason, long items) {
		this.dropped.add(reason, items);
	}

	/** A batch is about to be attempted again. */
	public void retried() {
		this.retries.increment();
	}

	/** One attempt failed. */
	public void attemptFailed(FailureKind kind) {
		this.failures.increment(kind);
	}

	/** The lane's circuit opened ({@code true}) or closed. */
	public void circuit(boolean open) {
		if (open && !this.circuitOpen) {
			this.circuitOpenings.increment();
		}
		this.circuitOpen = open;
	}

	/** A flush tried OpenObserve again while the circuit was open. */
	public void probed() {
		this.circuitProbes.increment();
	}

	/** Items written to the spill on {@code /tmp} (the memory buffer was full, or OpenObserve failing). */
	public void spilled(long items) {
		this.spilled.add(items);
	}

	/**
	 * Items found in the spill at start, left by an earlier run of the extension in this sandbox:
	 * counted as received and accepted, so the lane's invariant holds in this run.
	 */
	public void recovered(long items, long entries) {
		this.received.add(items);
		this.accepted.add(items);
		this.acceptedEntries.add(entries);
		this.recovered.add(items);
	}

	/** A write to, or read from, the spill failed. */
	public void spillFailed() {
		this.spillFailures.increment();
	}

	/** A flush of this lane ended. */
	public void flushed(FlushTrigger trigger, Duration took) {
		this.flushes.increment(trigger);
		synchronized (this.latenciesMicros) {
			this.latenciesMicros[(int) (this.latencyCount++ % LATENCY_WINDOW)] = took.toNanos() / 1000;
		}
	}

	/** A consistent-enough copy of every counter. */
	public Snapshot snapshot() {
		return new Snapshot(this.received.sum(), this.accepted.sum(), this.acceptedEntries.sum(), this.shipped.sum(),
				this.shippedEntries.sum(), this.sentRequests.sum(), this.sentBytes.sum(), this.retries.sum(),
				this.dropped.snapshot(), this.failures.snapshot(), this.flushes.snapshot(), latencies(), this.circuitOpen,
				this.circuitOpenings.sum(), this.circuitProbes.sum(), this.spilled.sum(), this.recovered.sum(),
				this.spillFailures.sum());
	}

	private Latencies latencies() {
		long[] copy;
		synchronized (this.latenciesMicros) {
			int n = (int) Math.min(this.latencyCount, LATENCY_WINDOW);
			copy = Arrays.copyOf(this.latenciesMicros, n);
		}
		Arrays.sort(copy);
		if (copy.length == 0) {
			return new Latencies(0, 0, 0, 0);
		}
		return new Latencies(copy.length, copy[(copy.length - 1) / 2], copy[(int) Math.ceil(copy.length * 0.99) - 1],
				copy[copy.length - 1]);
	}

	/**
	 * Flush latency percentiles over the recent window, in microseconds.
	 * @param window number of flushes in the window
	 * @param p50Micros median
	 * @param p99Micros 99th percentile
	 * @param maxMicros maximum
	 */
	public record Latencies(int window, long p50Micros, long p99Micros, long maxMicros) {
	}

	/**
	 * A copy of one lane's counters.
	 * @param received items offered
	 * @param accepted items queued
	 * @param acceptedEntries entries queued (records, exports)
	 * @param shipped items OpenObserve stored (those it refused one by one are counted under
	 * {@link DropReason#REJECTED_BY_SERVER})
	 * @param shippedEntries entries in the requests OpenObserve answered with success
	 * @param sentRequests requests OpenObserve answered with success; {@code shippedEntries /
	 * sentRequests} is how many entries a request carried on average
	 * @param sentBytes compressed bytes of those requests
	 * @param retries retried attempts
	 * @param dropped items lost, by reason
	 * @param failedAttempts failed attempts, by kind
	 * @param flushes flushes, by trigger
	 * @param flushLatency recent flush latencies
	 * @param circuitOpen whether the lane's circuit is open now (OpenObserve failing: flushes at the
	 * end of an invocation do not wait for it, background probes try again)
	 * @param circuitOpenings how often it opened
	 * @param circuitProbes flushes that tried again while it was open
	 * @param spilled items written to the spill on {@code /tmp}
	 * @param recovered items an earlier run of the extension left in the spill, taken over at start
	 * @param spillFailures writes to or reads from the spill that failed
	 */
	public record Snapshot(long received, long accepted, long acceptedEntries, long shipped, long shippedEntries,
			long sentRequests, long sentBytes, long retries, Map<DropReason, Long> dropped,
			Map<FailureKind, Long> failedAttempts, Map<FlushTrigger, Long> flushes, Latencies flushLatency,
			boolean circuitOpen, long circuitOpenings, long circuitProbes, long spilled, long recovered,
			long spillFailures) {

		/** Items dropped after the queue had accepted them, the server's refusals included. */
		public long droppedAfterAcceptance() {
			return this.dropped.entrySet().stream().filter((e) -> e.getKey().afterAcceptance())
				.mapToLong(Map.Entry::getValue).sum();
		}

		/** Items refused at ingest (buffer full, too large, shutting down). */
		public long droppedAtIngest() {
			return this.dropped.entrySet().stream().filter((e) -> !e.getKey().afterAcceptance())
				.mapToLong(Map.Entry::getValue).sum();
		}

		/** All items dropped, for any reason. */
		public long droppedTotal() {
			return this.dropped.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
