package dev.o2ext.shipping;

import java.time.Duration;
import java.util.function.Predicate;

/** Waits between attempts; injected so that tests never really sleep. */
@FunctionalInterface
public interface Sleeper {

	/** The longest the system sleeper sleeps before it asks again whether to go on waiting. */
	Duration SLICE = Duration.ofMillis(20);

	/** Really sleeps, in slices of {@link #SLICE} when it may be cut short. */
	Sleeper SYSTEM = new Sleeper() {

		@Override
		public void sleep(Duration duration) throws InterruptedException {
			Thread.sleep(duration.toMillis());
		}

		@Override
		public boolean sleepWhile(Duration duration, Predicate<Duration> keepWaiting) throws InterruptedException {
			long end = System.nanoTime() + duration.toNanos();
			for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
				if (!keepWaiting.test(Duration.ofNanos(left))) {
					return false;
				}
				Thread.sleep(Math.max(1, Math.min(SLICE.toMillis(), left / 1_000_000)));
			}
			return true;
		}

	};

	void sleep(Duration duration) throws InterruptedException;

	/**
	 * Sleeps for the duration unless {@code keepWaiting}, asked with the time still to sleep, says
	 * no first (a lane's cap moved earlier meanwhile).
	 * @return whether it slept the whole duration
	 */
	default boolean sleepWhile(Duration duration, Predicate<Duration> keepWaiting) throws InterruptedException {
		if (!keepWaiting.test(duration)) {
			return false;
		}
		sleep(duration);
		return true;
	}

}
