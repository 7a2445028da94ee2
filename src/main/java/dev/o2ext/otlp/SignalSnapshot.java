package dev.o2ext.otlp;

import java.util.Map;

import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;

/**
 * A copy of one signal's counters for diagnostics and tests. Items are spans, log records or
 * metric data points; an export is one request of the SDK.
 *
 * @param requests requests received
 * @param requestBytes their bodies' bytes as received (compressed or not)
 * @param refused requests refused, by reason
 * @param receivedItems items in the requests that could be read
 * @param acceptedExports exports queued
 * @param acceptedItems items queued
 * @param forwardedItems items OpenObserve took (those it refused in {@code partial_success} are
 * counted under {@link DropReason#REJECTED_BY_SERVER})
 * @param forwardedExports exports in the requests OpenObserve answered with success
 * @param sentRequests requests OpenObserve answered with success; {@code forwardedExports /
 * sentRequests} is how many exports a merged request carried on average
 * @param sentBytes compressed bytes of those requests
 * @param retries retried attempts
 * @param dropped items lost, by reason
 * @param failedAttempts failed attempts, by kind
 * @param queue what waits now
 */
public record SignalSnapshot(long requests, long requestBytes, Map<Refusal, Long> refused, long receivedItems,
		long acceptedExports, long acceptedItems, long forwardedItems, long forwardedExports, long sentRequests,
		long sentBytes, long retries, Map<DropReason, Long> dropped, Map<FailureKind, Long> failedAttempts,
		QueueStats queue) {

	/** Items dropped after they had been queued, the server's refusals included. */
	public long droppedAfterAcceptance() {
		return this.dropped.entrySet().stream().filter((e) -> e.getKey().afterAcceptance())
			.mapToLong(Map.Entry::getValue).sum();
	}

	/** Items refused at ingest (buffer full, shutting down). */
	public long droppedAtIngest() {
		return this.dropped.entrySet().stream().filter((e) -> !e.getKey().afterAcceptance())
			.mapToLong(Map.Entry::getValue).sum();
	}

}
