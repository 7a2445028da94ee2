package dev.o2ext.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs repeated problems without flooding: the first occurrence of a key at WARNING, later ones
 * at most once per interval as a summary with the number of occurrences in between. Our own
 * output comes back to us through the Telemetry API, so a log line per failure would feed
 * itself.
 */
public final class ThrottledLog {

	private final Logger logger;

	private final long intervalNanos;

	private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

	public ThrottledLog(Logger logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	/** Logs the message under the key, unless the key was logged within the interval. */
	public void warn(String key, String message) {
		long now = System.nanoTime();
		State state = this.states.computeIfAbsent(key, (k) -> new State());
		synchronized (state) {
			if (state.loggedAt != 0 && now - state.loggedAt < this.intervalNanos) {
				state.suppressed++;
				return;
			}
			String suffix = (state.suppressed > 0) ? " (" + state.suppressed + " more since the last report)" : "";
			state.loggedAt = now;
			state.suppressed = 0;
			this.logger.log(Level.WARNING, message + suffix);
		}
	}

	private static final class State {

		long loggedAt;

		long suppressed;

	}

}
