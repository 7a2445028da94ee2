package dev.o2ext.buffer;

/**
 * A view of a {@link BoundedQueue} at one moment.
 *
 * @param count items waiting, including those in flight (log records, spans, data points)
 * @param bytes their serialized bytes
 * @param inFlightCount items taken for a request that has not ended
 * @param capacityBytes the bound (of the budget, which other queues may share)
 * @param highWaterBytes the largest use of the budget seen
 * @param closed whether shutdown closed it
 */
public record QueueStats(long count, long bytes, long inFlightCount, long capacityBytes,
		long highWaterBytes, boolean closed) {
}
