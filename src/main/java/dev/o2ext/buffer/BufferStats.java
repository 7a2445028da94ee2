package dev.o2ext.buffer;

/**
 * A view of the buffer at one moment.
 *
 * @param records records waiting, including those in flight
 * @param bytes their serialized bytes
 * @param inFlightRecords records taken for a request that has not ended
 * @param capacityBytes the bound
 * @param highWaterBytes the largest {@code bytes} seen
 * @param closed whether shutdown closed it
 */
public record BufferStats(long records, long bytes, long inFlightRecords, long capacityBytes, long highWaterBytes,
		boolean closed) {
}
