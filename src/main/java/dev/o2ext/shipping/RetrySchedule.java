package dev.o2ext.shipping;

import java.time.Duration;

import dev.o2ext.config.RetrySettings;

/**
 * The retry policy as a value: how many retries and how long to wait before each. The wait
 * before retry {@code n} (1-based) is {@code initialDelay × multiplier^(n-1)}, capped at
 * {@code maxDelay}, then spread by ±{@code jitter} (a fraction) so that many sandboxes that
 * failed together do not retry together.
 *
 * @param maxRetries retries after the first attempt
 * @param initialDelay the wait before the first retry
 * @param maxDelay upper bound of one wait (before jitter)
 * @param multiplier growth per retry
 * @param jitter spread as a fraction of the wait, 0 to 1
 */
public record RetrySchedule(int maxRetries, Duration initialDelay, Duration maxDelay, double multiplier,
		double jitter) {

	public static final double DEFAULT_MULTIPLIER = 2.0;

	public static final double DEFAULT_JITTER = 0.2;

	public RetrySchedule {
		if (maxRetries < 0 || multiplier < 1 || jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("invalid retry schedule");
		}
	}

	public static RetrySchedule of(RetrySettings settings) {
		return new RetrySchedule(settings.maxRetries(), settings.initialDelay(), settings.maxDelay(),
				DEFAULT_MULTIPLIER, DEFAULT_JITTER);
	}

	/**
	 * The wait before the given retry.
	 * @param retry 1 for the first retry
	 * @param unitRandom a random number in [0, 1)
	 */
	public Duration delayBefore(int retry, double unitRandom) {
		double base = this.initialDelay.toMillis() * Math.pow(this.multiplier, retry - 1);
		double capped = Math.min(base, this.maxDelay.toMillis());
		double spread = capped * this.jitter * (2 * unitRandom - 1);
		return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
	}

}
