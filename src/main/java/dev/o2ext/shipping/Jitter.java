package dev.o2ext.shipping;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The random numbers that spread retries over time ({@link RetrySchedule#delayBefore}), one
 * generator for every lane. After a SnapStart restore it must be {@link #reseed() reseeded}: every
 * environment restored from one snapshot holds the same generator state, so without a new seed they
 * would all draw the same delays and retry an overloaded OpenObserve in lockstep. Thread-safe.
 */
public final class Jitter implements DoubleSupplier {

	private SplittableRandom random;

	/** A generator with a fixed seed (tests). */
	public Jitter(long seed) {
		this.random = new SplittableRandom(seed);
	}

	/** A generator seeded at start-up, which is after any build-time initialization. */
	public static Jitter seeded() {
		return new Jitter(ThreadLocalRandom.current().nextLong());
	}

	/** A number in [0, 1). */
	@Override
	public synchronized double getAsDouble() {
		return this.random.nextDouble();
	}

	/**
	 * Starts a new sequence from the operating system's entropy (read now, so after a restore it
	 * differs between environments restored from the same snapshot).
	 */
	public synchronized void reseed() {
		this.random = new SplittableRandom(new SecureRandom().nextLong());
	}

}
