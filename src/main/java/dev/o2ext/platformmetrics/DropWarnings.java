package dev.o2ext.platformmetrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

import dev.o2ext.metrics.DropReason;

/**
 * Tells the user when data starts to be lost: the first drop of each reason gives one line with
 * the count and what to change; while drops continue, at most one summary line per interval
 * (a minute by default). Fed with the drop counters at flush points, never per record, so it
 * costs nothing while nothing is lost. Called by one thread at a time (the flushing thread).
 */
public final class DropWarnings {

	private final Consumer<String> log;

	private final long intervalNanos;

	private final Map<DropReason, Long> seen = new EnumMap<>(DropReason.class);

	private final Map<DropReason, Long> summarized = new EnumMap<>(DropReason.class);

	private long summaryAt;

	private boolean summaryDue;

	/**
	 * @param log where a warning line goes
	 * @param intervalNanos the least time between two summary lines
	 */
	public DropWarnings(Consumer<String> log, long intervalNanos) {
		this.log = log;
		this.intervalNanos = intervalNanos;
	}

	/** Compares the counters with the last call's and warns as described above. */
	public void check(Map<DropReason, Long> dropped, long nowNanos) {
		boolean grew = false;
		for (Map.Entry<DropReason, Long> entry : dropped.entrySet()) {
			long count = entry.getValue();
			Long before = this.seen.get(entry.getKey());
			if (count <= 0 || (before != null && before >= count)) {
				continue;
			}
			this.seen.put(entry.getKey(), count);
			if (before == null) {
				this.log.accept(first(entry.getKey(), count));
				this.summarized.put(entry.getKey(), count);
				if (this.summaryAt == 0) {
					this.summaryAt = nowNanos;
				}
			}
			else {
				grew = true;
			}
		}
		this.summaryDue |= grew;
		if (this.summaryDue && nowNanos - this.summaryAt >= this.intervalNanos) {
			this.log.accept(summary());
			this.summaryAt = nowNanos;
			this.summaryDue = false;
			this.summarized.putAll(this.seen);
		}
	}

	private String first(DropReason reason, long count) {
		return "extension: data is being lost: " + count + " record(s) dropped (" + key(reason) + "); "
				+ remedy(reason) + "; a summary follows at most once a minute while drops continue";
	}

	private String summary() {
		StringJoiner parts = new StringJoiner(" ");
		this.seen.forEach((reason, count) -> {
			long since = count - this.summarized.getOrDefault(reason, 0L);
			parts.add(key(reason) + "=" + count + " (+" + since + ")");
		});
		return "extension: records still being dropped: " + parts;
	}

	private static String key(DropReason reason) {
		return reason.name().toLowerCase(Locale.ROOT);
	}

	/** What to change for each reason; the variables are those of docs/configuration.md. */
	static String remedy(DropReason reason) {
		return switch (reason) {
			case BUFFER_FULL -> "the buffer was full: raise O2_MAX_BUFFER_SIZE_MB or lower O2_FLUSH_THRESHOLD_PERCENT";
			case RECORD_TOO_LARGE -> "a record was larger than one request may be: raise O2_BATCH_MAX_BYTES";
			case SHUT_DOWN -> "records arrived after shutdown had closed the buffer: nothing to change";
			case REJECTED_BY_SERVER -> "OpenObserve refused records (e.g. too old): see its ingestion limits";
			case REJECTED_FINAL_STATUS ->
				"OpenObserve refused a batch: check O2_ENDPOINT, O2_ORGANIZATION_ID and O2_AUTHORIZATION_HEADER";
			case SILENTLY_DROPPED -> "OpenObserve answered success but stored nothing: check the stream's settings";
			case UNSENT_AT_SHUTDOWN ->
				"the shutdown deadline came before OpenObserve took them: check that it is reachable and fast";
			case SPILL_FULL -> "the spill on /tmp was full and lost its oldest records: raise O2_SPILL_MAX_MB";
			case SPILL_FAILED -> "the spill on /tmp could not be written or read: check free space in O2_SPILL_DIR";
		};
	}

}
