package dev.o2ext.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling for a condition with a bound, for the few things that have no event to wait on. */
final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Waits until the condition holds; fails with the description and the last state otherwise. */
    static void until(Duration timeout, String description, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + description + "\n" + state.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
