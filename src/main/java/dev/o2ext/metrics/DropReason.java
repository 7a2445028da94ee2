package dev.o2ext.metrics;

import java.util.Locale;

/**
 * Why a record did not reach OpenObserve. Every record that is not shipped is counted under
 * exactly one of these.
 */
public enum DropReason {

	/** Refused at ingest: the buffer had no room. */
	BUFFER_FULL(false),

	/** Refused at ingest: larger than one batch may be, so it could never be sent. */
	RECORD_TOO_LARGE(false),

	/** Refused at ingest: the buffer was closed by shutdown. */
	SHUT_DOWN(false),

	/** Shipped, and OpenObserve counted it in {@code failed} (e.g. too old). */
	REJECTED_BY_SERVER(true),

	/** Its batch got a final status (400, 401, 403, 404, 415). */
	REJECTED_FINAL_STATUS(true),

	/** OpenObserve answered 200 but stored nothing, even for this record alone. */
	SILENTLY_DROPPED(true),

	/** Still buffered when the shutdown deadline came. */
	UNSENT_AT_SHUTDOWN(true),

	/**
	 * Spilled to {@code /tmp} and removed to keep the spill within {@code O2_SPILL_MAX_MB}: the
	 * oldest spilled batches go first.
	 */
	SPILL_FULL(true),

	/**
	 * Spilled, then not read back: a damaged, truncated or removed segment. (A write that fails is
	 * not this: what it held is refused as {@link #BUFFER_FULL}, as without a spill.)
	 */
	SPILL_FAILED(true);

	private final boolean afterAcceptance;

	DropReason(boolean afterAcceptance) {
		this.afterAcceptance = afterAcceptance;
	}

	/** Whether the record had been accepted into the buffer before it was dropped. */
	public boolean afterAcceptance() {
		return this.afterAcceptance;
	}

	/** The snake_case name used in diagnostics and log lines. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
