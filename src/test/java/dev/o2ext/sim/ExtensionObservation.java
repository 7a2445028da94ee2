package dev.o2ext.sim;

/**
 * Protocol milestones of one registered extension ({@link System#nanoTime()}; 0 when not reached).
 *
 * @param nextCalls how many times it called {@code /event/next}
 */
public record ExtensionObservation(String name, String id, long registerNanos, long firstNextNanos, int nextCalls) {
}
