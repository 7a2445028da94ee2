package dev.o2ext.otlp;

import java.util.Map;

import dev.o2ext.buffer.QueueStats;
import dev.o2ext.metrics.LaneCounters;

/**
 * A copy of one signal's counters for diagnostics and tests: what the receiver saw, and the
 * signal's lane. In the lane's counters items are spans, log records or metric data points and an
 * entry is one export (one request of the SDK): received items are those of the requests that
 * could be read (and the extension's own), shipped items those OpenObserve took (what it refused in
 * {@code partial_success} is dropped as {@code REJECTED_BY_SERVER}).
 *
 * @param requests requests received
 * @param requestBytes their bodies' bytes as received (compressed or not)
 * @param refused requests refused, by reason
 * @param lane the lane's counters, read directly
 * @param queue what waits now
 */
public record SignalSnapshot(long requests, long requestBytes, Map<Refusal, Long> refused, LaneCounters.Snapshot lane,
		QueueStats queue) {
}
