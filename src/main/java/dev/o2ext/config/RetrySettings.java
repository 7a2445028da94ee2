package dev.o2ext.config;

import java.time.Duration;

/**
 * Limits of the retries of one batch within one flush.
 *
 * @param maxRetries retries after the first attempt
 * @param initialDelay the first backoff
 * @param maxDelay the upper bound of one backoff
 */
public record RetrySettings(int maxRetries, Duration initialDelay, Duration maxDelay) {

	public RetrySettings {
		if (initialDelay.compareTo(maxDelay) > 0) {
			throw new IllegalArgumentException(
					"O2_INITIAL_RETRY_DELAY_MS must not be larger than O2_MAX_RETRY_DELAY_MS");
		}
	}

}
