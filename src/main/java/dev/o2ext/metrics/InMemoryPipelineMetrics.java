package dev.o2ext.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Thread-safe in-memory counters, read by the diagnostics endpoint and the shutdown summary:
 * every lane's {@link LaneCounters} (the log lane first, the others in the order they were
 * first asked for) and the pipeline's own few.
 */
public final class InMemoryPipelineMetrics implements PipelineMetrics {

	private final Clock clock;

	private final Map<String, LaneCounters> lanes = Collections.synchronizedMap(new LinkedHashMap<>());

	private final LongAdder unparsableBatches = new LongAdder();

	private final LongAdder invocations = new LongAdder();

	private final AtomicReference<@Nullable LastError> lastError = new AtomicReference<>();

	private final EnumCounters<Discard> discarded = new EnumCounters<>(Discard.class);

	private final EnumCounters<Redaction> redacted = new EnumCounters<>(Redaction.class);

	private final EnumCounters<LineCount> lines = new EnumCounters<>(LineCount.class);

	public InMemoryPipelineMetrics(Clock clock) {
		this.clock = clock;
		this.lanes.put(LOGS, new LaneCounters());
	}

	@Override
	public LaneCounters lane(String name) {
		return this.lanes.computeIfAbsent(name, (key) -> new LaneCounters());
	}

	@Override
	public void unparsableBatch() {
		this.unparsableBatches.increment();
	}

	@Override
	public void invocation() {
		this.invocations.increment();
	}

	@Override
	public void error(String description) {
		this.lastError.set(new LastError(description, this.clock.instant()));
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
	public void lines(LineCount what, long count) {
		this.lines.add(what, count);
	}

	/** A consistent-enough copy of every counter, for diagnostics and the shutdown summary. */
	public Snapshot snapshot() {
		Map<String, LaneCounters.Snapshot> copies = new LinkedHashMap<>();
		synchronized (this.lanes) {
			this.lanes.forEach((name, counters) -> copies.put(name, counters.snapshot()));
		}
		return new Snapshot(copies.get(LOGS), this.unparsableBatches.sum(), this.invocations.sum(),
				this.lastError.get(), Collections.unmodifiableMap(copies), this.lines.snapshot(),
				this.discarded.snapshot(), this.redacted.snapshot());
	}

	/**
	 * The last error.
	 * @param description what happened, without bodies or secrets
	 * @param time when
	 */
	public record LastError(String description, Instant time) {
	}

	/**
	 * A copy of the counters; the function's records are counted in {@link #logs()}, the log lane's.
	 * @param logs the function's log lane
	 * @param unparsableBatches Telemetry API batches that could not be parsed
	 * @param invocations INVOKE events
	 * @param lastError the most recent error, if any
	 * @param lanes every lane by name, the log lane first
	 * @param lines lines parsed or joined in a way worth knowing, by kind
	 * @param discarded log records left out on purpose before their lane, by reason
	 * @param redacted values replaced, by redaction preset
	 */
	public record Snapshot(LaneCounters.Snapshot logs, long unparsableBatches, long invocations,
			@Nullable LastError lastError, Map<String, LaneCounters.Snapshot> lanes, Map<LineCount, Long> lines,
			Map<Discard, Long> discarded, Map<Redaction, Long> redacted) {

		/** Records filtered or sampled out on purpose. */
		public long discardedTotal() {
			return this.discarded.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
