package dev.o2ext.shipping;

import dev.o2ext.metrics.FlushTrigger;

/**
 * Something the lifecycle flushes at its flush points: the delivery lanes and the platform
 * metrics. They are flushed on the coordinator's one flush thread, one at a time, and respect
 * both the deadline given and the cap set with {@link #limitTo} (any thread).
 */
public interface Flushable {

	/** Delivers what is buffered until empty or the deadline (or the cap) comes. */
	FlushResult flush(FlushTrigger trigger, Deadline deadline);

	/** Sets the latest moment any flush, running or future, may work until. */
	void limitTo(Deadline deadline);

	/** Whether data waits to be delivered. */
	boolean hasQueued();

	/**
	 * Refuses further data and counts what is still buffered as unsent; idempotent. Data in
	 * flight at that moment is counted by the flush that holds it, when it ends.
	 */
	void closeAtShutdown();

	/**
	 * Whether OpenObserve has been failing for this flushable (its circuit is open) and no probe
	 * is under way: the end of an invocation does not wait for it.
	 */
	default boolean outOfService() {
		return false;
	}

	/** Whether its circuit is open, data waits, and a background flush may try OpenObserve again now. */
	default boolean probeDue() {
		return false;
	}

	/** Records (or items) in a request that has not ended; their outcome is not known yet. */
	default long inFlight() {
		return 0;
	}

}
