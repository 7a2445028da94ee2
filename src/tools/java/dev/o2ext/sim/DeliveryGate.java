package dev.o2ext.sim;

import java.util.concurrent.TimeUnit;

/**
 * Keeps Telemetry API deliveries out of frozen time. Subscriber threads {@link #enter()} before
 * each POST and {@link #exit()} after it; {@link #close(long)} stops new POSTs and waits, bounded,
 * for the ones in flight, so that the simulator can freeze the extension without leaving a request
 * hanging inside a stopped process.
 */
final class DeliveryGate {

    private boolean open = true;
    private boolean terminated;
    private int inFlight;

    /** Waits until deliveries are allowed; false when the simulator is shutting the gate for good. */
    synchronized boolean enter() throws InterruptedException {
        while (!open && !terminated) {
            wait();
        }
        if (terminated) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void exit() {
        inFlight--;
        notifyAll();
    }

    /** Stops new deliveries and waits up to {@code timeoutMillis} for those in flight to end. */
    synchronized void close(long timeoutMillis) throws InterruptedException {
        open = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized void open() {
        open = true;
        notifyAll();
    }

    synchronized void terminate() {
        terminated = true;
        notifyAll();
    }
}
