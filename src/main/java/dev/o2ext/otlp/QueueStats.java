package dev.o2ext.otlp;

/**
 * A view of one signal's queue at one moment.
 *
 * @param queuedExports exports waiting (in flight not included)
 * @param items items waiting or in flight
 * @param bytes payload bytes waiting or in flight
 * @param closed whether shutdown closed it
 */
public record QueueStats(int queuedExports, long items, long bytes, boolean closed) {
}
