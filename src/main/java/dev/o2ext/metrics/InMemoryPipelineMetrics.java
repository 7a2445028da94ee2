package dev.o2ext.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Thread-safe in-memory counters, read by the diagnostics endpoint and the shutdown summary.
 * Flush latencies keep the last {@value #LATENCY_WINDOW} flushes for percentiles.
 */
public final class InMemoryPipelineMetrics implements PipelineMetrics {

	static final int LATENCY_WINDOW = 512;

	private final Clock clock;

	private final LongAdder received = new LongAdder();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder shipped = new LongAdder();

	private final LongAdder retries = new LongAdder();

	private final LongAdder unparsableBatches = new LongAdder();

	private final LongAdder invocations = new LongAdder();

	private final EnumCounters<DropReason> dropped = new EnumCounters<>(DropReason.class);

	private final EnumCounters<Discard> discarded = new EnumCounters<>(Discard.class);

	private final EnumCounters<Redaction> redacted = new EnumCounters<>(Redaction.class);

	private final EnumCounters<FailureKind> failures = new EnumCounters<>(FailureKind.class);

	private final EnumCounters<LineCount> lines = new EnumCounters<>(LineCount.class);

	private final EnumCounters<FlushTrigger> flushes = new EnumCounters<>(FlushTrigger.class);

	private final long[] latenciesMicros = new long[LATENCY_WINDOW];

	private long latencyCount;

	private final AtomicReference<@Nullable LastError> lastError = new AtomicReference<>();

	public InMemoryPipelineMetrics(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void received(long records) {
		this.received.add(records);
	}

	@Override
	public void accepted(long records) {
		this.accepted.add(records);
	}

	@Override
	public void shipped(long records) {
		this.shipped.add(records);
	}

	@Override
	public void dropped(DropReason reason, long records) {
		this.dropped.add(reason, records);
	}

	@Override
	public void discarded(Discard reason, long records) {
		this.discarded.add(reason, records);
	}

	@Override
	public void redacted(Redaction preset, long values) {
		this.redacted.add(preset, values);
	}

	@Override
	public void retried() {
		this.retries.increment();
	}

	@Override
	public void attemptFailed(FailureKind kind) {
		this.failures.increment(kind);
	}

	@Override
	public void unparsableBatch() {
		this.unparsableBatches.increment();
	}

	@Override
	public void lines(LineCount what, long count) {
		this.lines.add(what, count);
	}

	@Override
	public void flushed(FlushTrigger trigger, Duration took) {
		this.flushes.increment(trigger);
		synchronized (this.latenciesMicros) {
			this.latenciesMicros[(int) (this.latencyCount++ % LATENCY_WINDOW)] = took.toNanos() / 1000;
		}
	}

	@Override
	public void invocation() {
		this.invocations.increment();
	}

	@Override
	public void error(String description) {
		this.lastError.set(new LastError(description, this.clock.instant()));
	}

	/** A consistent-enough copy of every counter, for diagnostics and the shutdown summary. */
	public Snapshot snapshot() {
		return new Snapshot(this.received.sum(), this.accepted.sum(), this.shipped.sum(), this.retries.sum(),
				this.unparsableBatches.sum(), this.invocations.sum(), this.dropped.snapshot(), this.failures.snapshot(),
				this.flushes.snapshot(), latencies(), this.lastError.get(), this.lines.snapshot(),
				this.discarded.snapshot(), this.redacted.snapshot());
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
	 * The last error.
	 * @param description what happened, without bodies or secrets
	 * @param time when
	 */
	public record LastError(String description, Instant time) {
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
	 * A copy of the counters.
	 * @param received records parsed, before filtering
	 * @param accepted records buffered
	 * @param shipped records stored by OpenObserve
	 * @param retries retries of batches
	 * @param unparsableBatches Telemetry API batches that could not be parsed
	 * @param invocations INVOKE events
	 * @param dropped records lost, by reason
	 * @param failedAttempts failed attempts, by kind
	 * @param flushes flushes, by trigger
	 * @param flushLatency recent flush latencies
	 * @param lastError the most recent error, if any
	 * @param lines lines parsed or joined in a way worth knowing, by kind
	 * @param discarded records left out on purpose before the buffer, by reason
	 * @param redacted values replaced, by redaction preset
	 */
	public record Snapshot(long received, long accepted, long shipped, long retries, long unparsableBatches,
			long invocations, Map<DropReason, Long> dropped, Map<FailureKind, Long> failedAttempts,
			Map<FlushTrigger, Long> flushes, Latencies flushLatency, @Nullable LastError lastError,
			Map<LineCount, Long> lines, Map<Discard, Long> discarded, Map<Redaction, Long> redacted) {

		/** Records filtered or sampled out on purpose. */
		public long discardedTotal() {
			return this.discarded.values().stream().mapToLong(Long::longValue).sum();
		}

		/** Records dropped after the buffer had accepted them. */
		public long droppedAfterAcceptance() {
			return this.dropped.entrySet().stream().filter((e) -> e.getKey().afterAcceptance())
				.mapToLong(Map.Entry::getValue).sum();
		}

		/** All records dropped, for any reason. */
		public long droppedTotal() {
			return this.dropped.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
