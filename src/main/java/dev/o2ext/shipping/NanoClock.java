package dev.o2ext.shipping;

/** A monotonic time source in nanoseconds; injected so tests control time. */
@FunctionalInterface
public interface NanoClock {

	NanoClock SYSTEM = System::nanoTime;

	long nanoTime();

}
