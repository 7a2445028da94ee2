package dev.o2ext.shipping;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every {@link Flushable} keeps: a single-flight lock, so that flushes never overlap, and
 * the cap set by the lifecycle, the latest moment any flush may work until. Thread-safe.
 */
public final class FlushGate {

	private final ReentrantLock lock = new ReentrantLock();

	private volatile Deadline cap;

	/** A gate with no cap (a year away) until the lifecycle sets one. */
	public FlushGate(NanoClock clock) {
		this.cap = Deadline.after(Duration.ofDays(365), clock);
	}

	/** Sets the cap; a flush that is running sees it at its next step. */
	public void limitTo(Deadline deadline) {
		this.cap = deadline;
	}

	/** The earlier of the deadline and the cap. */
	public Deadline bound(Deadline deadline) {
		return deadline.min(this.cap);
	}

	/**
	 * Waits, within the deadline, until no other flush runs.
	 * @return whether the caller now holds the gate and must {@link #exit()}
	 */
	public boolean enter(Deadline deadline) {
		try {
			return this.lock.tryLock(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public void exit() {
		this.lock.unlock();
	}

}
