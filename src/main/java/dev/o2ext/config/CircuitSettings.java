package dev.o2ext.config;

import java.time.Duration;

/**
 * When a lane stops making invocations wait for a failing OpenObserve, and how it tries again.
 *
 * @param failureThreshold consecutive failed deliveries (no answer, 408, 429, 5xx after the retries) that open a lane's
 * circuit ({@code O2_CIRCUIT_FAILURE_THRESHOLD}); 0 never opens it
 * @param firstProbe the delay before the first probe once open; later ones double, jittered
 * @param maxProbeDelay the longest delay between probes
 */
public record CircuitSettings(int failureThreshold, Duration firstProbe, Duration maxProbeDelay) {

	/** Delay of the first probe after the circuit opened. */
	public static final Duration FIRST_PROBE = Duration.ofSeconds(1);

	/** Longest delay between probes. */
	public static final Duration MAX_PROBE_DELAY = Duration.ofSeconds(30);

	static CircuitSettings read(EnvReader reader) {
		return new CircuitSettings(reader.integer(Setting.O2_CIRCUIT_FAILURE_THRESHOLD), FIRST_PROBE,
				MAX_PROBE_DELAY);
	}

}
