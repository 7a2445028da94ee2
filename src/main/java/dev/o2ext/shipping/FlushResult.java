package dev.o2ext.shipping;

/**
 * What one flush achieved.
 *
 * @param shipped records OpenObserve stored
 * @param drained whether the buffer was empty when the flush ended (false: time ran out or
 * OpenObserve kept failing, and the rest waits for the next flush)
 */
public record FlushResult(long shipped, boolean drained) {
}
