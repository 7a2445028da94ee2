package dev.o2ext.otlp;

import java.util.Map;

import dev.o2ext.buffer.QueueStats;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.LaneCounters;

/**
 * A copy of one signal's counters for diagnostics and tests: what the receiver saw, and the
 * signal's lane. Items are spans, log records or metric data points; an export is one request
 * of the SDK.
 *
 * @param requests requests received
 * @param requestBytes their bodies' bytes as received (compressed or not)
 * @param refused requests refused, by reason
 * @param lane the lane's counters
 * @param queue what waits now
 */
public record SignalSnapshot(long requests, long requestBytes, Map<Refusal, Long> refused, LaneCounters.Snapshot lane,
		QueueStats queue) {

	/** Items in the requests that could be read (and the extension's own). */
	public long receivedItems() {
		return this.lane.received();
	}

	/** Exports queued. */
	public long acceptedExports() {
		return this.lane.acceptedEntries();
	}

	/** Items queued. */
	public long acceptedItems() {
		return this.lane.accepted();
	}

	/**
	 * Items OpenObserve took (those it refused in {@code partial_success} are counted under
	 * {@link DropReason#REJECTED_BY_SERVER}).
	 */
	public long forwardedItems() {
		return this.lane.shipped();
	}

	/** Exports in the requests OpenObserve answered with success. */
	public long forwardedExports() {
		return this.lane.shippedEntries();
	}

	/** Requests OpenObserve answered with success. */
	public long sentRequests() {
		return this.lane.sentRequests();
	}

	/** Compressed bytes of those requests. */
	public long sentBytes() {
		return this.lane.sentBytes();
	}

	public long retries() {
		return this.lane.retries();
	}

	/** Items lost, by reason. */
	public Map<DropReason, Long> dropped() {
		return this.lane.dropped();
	}

	public Map<FailureKind, Long> failedAttempts() {
		return this.lane.failedAttempts();
	}

	/** Items dropped after they had been queued, the server's refusals included. */
	public long droppedAfterAcceptance() {
		return this.lane.droppedAfterAcceptance();
	}

	/** Items refused at ingest (buffer full, shutting down). */
	public long droppedAtIngest() {
		return this.lane.droppedAtIngest();
	}

}
