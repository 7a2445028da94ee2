package dev.o2ext.buffer;

/**
 * A view of a {@link BoundedQueue} at one moment.
 *
 * @param count items waiting, including those in flight and those spilled (log records, spans,
 * data points)
 * @param bytes the serialized bytes of those in memory
 * @param inFlightCount items taken for a request that has not ended
 * @param capacityBytes the bound (of the budget, which other queues may share)
 * @param highWaterBytes the largest use of the budget seen
 * @param closed whether shutdown closed it
 * @param spilledCount items of {@code count} in the spill (on {@code /tmp}, or staged for it)
 * @param spilledBytes bytes of the spill's files
 * @param spilledSegments the spill's files
 */
public record QueueStats(long count, long bytes, long inFlightCount, long capacityBytes,
		long highWaterBytes, boolean closed, long spilledCount, long spilledBytes, int spilledSegments) {
}
