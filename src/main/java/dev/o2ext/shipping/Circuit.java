package dev.o2ext.shipping;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import dev.o2ext.config.CircuitSettings;

import dev.o2ext.metrics.LaneCounters;

/**
 * A lane's circuit breaker, so that a persistent outage (connection refused, a name that does not
 * resolve, timeouts, 5xx) does not cost every invocation the flush budget. After
 * {@code failureThreshold} consecutive failed deliveries (a batch OpenObserve did not take after
 * its retries, in a flush an invocation waits for; a background flush's failure costs none) it opens: flushes at the end of an invocation no longer try, and a background flush
 * tries again (a probe: one attempt) once the probe delay has passed. The delays grow with the {@link RetrySchedule} of probes (jittered,
 * capped). The first answer from OpenObserve — any answer but a retryable one — closes it; a
 * failed probe keeps it open with the next, longer delay. State and openings are counted in the
 * lane's {@link LaneCounters}. Thread-safe (the flush thread writes, the lifecycle reads).
 */
public final class Circuit {

	private final int failureThreshold;

	private final RetrySchedule probes;

	private final NanoClock clock;

	private final DoubleSupplier random;

	private final LaneCounters counters;

	private int consecutiveFailures;

	private int failedProbes;

	private volatile boolean open;

	private long probeAtNanos;

	/**
	 * @param failureThreshold consecutive failed deliveries that open it; 0 for never
	 * @param probes the delays between probes ({@link RetrySchedule#delayBefore}, its retries unused)
	 */
	public Circuit(int failureThreshold, RetrySchedule probes, NanoClock clock, DoubleSupplier random,
			LaneCounters counters) {
		this.failureThreshold = failureThreshold;
		this.probes = probes;
		this.clock = clock;
		this.random = random;
		this.counters = counters;
	}

	/** The circuit of a lane as configured, on the system clock, with random jitter. */
	public static Circuit of(CircuitSettings settings, DoubleSupplier random, LaneCounters counters) {
		return new Circuit(settings.failureThreshold(), new RetrySchedule(0, settings.firstProbe(),
				settings.maxProbeDelay(), RetrySchedule.DEFAULT_MULTIPLIER, RetrySchedule.DEFAULT_JITTER),
				NanoClock.SYSTEM, random, counters);
	}

	/** A circuit that never opens. */
	public static Circuit never(LaneCounters counters) {
		return of(new CircuitSettings(0, Duration.ZERO, Duration.ZERO), () -> 0.5, counters);
	}

	public boolean isOpen() {
		return this.open;
	}

	/** Whether it is open and the next probe may go. */
	public synchronized boolean probeDue() {
		return this.open && this.clock.nanoTime() - this.probeAtNanos >= 0;
	}

	/** A delivery failed: no answer, or a retryable one (408, 429, 5xx), after its retries. */
	public synchronized void failed() {
		this.consecutiveFailures++;
		if (this.open) {
			this.failedProbes++;
			scheduleProbe();
		}
		else if (this.failureThreshold > 0 && this.consecutiveFailures >= this.failureThreshold) {
			this.open = true;
			this.failedProbes = 0;
			scheduleProbe();
			this.counters.circuit(true);
		}
	}

	/** OpenObserve answered (stored, refused, too large: it is there). */
	public synchronized void answered() {
		this.consecutiveFailures = 0;
		if (this.open) {
			this.open = false;
			this.counters.circuit(false);
		}
	}

	private void scheduleProbe() {
		this.probeAtNanos = this.clock.nanoTime()
				+ this.probes.delayBefore(this.failedProbes + 1, this.random.getAsDouble()).toNanos();
	}

}
