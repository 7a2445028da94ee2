package dev.o2ext.sim;

/**
 * Protocol milestones of one registered extension ({@link System#nanoTime()}; 0 when not reached).
 *
 * @param registeredBy the {@code User-Agent} of the registration request, "" without one (tells
 *     which program registered: the layer's launcher sends none, the JVM's client {@code Java/…})
 * @param nextCalls how many times it called {@code /event/next}
 */
public record ExtensionObservation(String name, String id, String registeredBy, long registerNanos, long firstNextNanos,
        int nextCalls) {
}
