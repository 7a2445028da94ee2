package dev.o2ext.shipping;

import java.time.Duration;

/**
 * A point in monotonic time by which something must be done. Lambda's deadlines (epoch
 * milliseconds) are converted once, when they arrive.
 *
 * @param atNanos the deadline on the clock's scale
 * @param clock the clock it is measured against
 */
public record Deadline(long atNanos, NanoClock clock) {

	public static Deadline after(Duration duration, NanoClock clock) {
		return new Deadline(clock.nanoTime() + duration.toNanos(), clock);
	}

	/** Converts an epoch-millisecond deadline from Lambda. */
	public static Deadline atEpochMillis(long epochMillis, NanoClock clock) {
		long remainingMillis = epochMillis - System.currentTimeMillis();
		return new Deadline(clock.nanoTime() + remainingMillis * 1_000_000L, clock);
	}

	/** Time left, never negative. */
	public Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.atNanos - this.clock.nanoTime()));
	}

	public boolean isExpired() {
		return this.clock.nanoTime() - this.atNanos >= 0;
	}

	/** The earlier of the two. */
	public Deadline min(Deadline other) {
		return (other.atNanos - this.atNanos < 0) ? other : this;
	}

	/** This deadline moved earlier by the margin. */
	public Deadline minus(Duration margin) {
		return new Deadline(this.atNanos - margin.toNanos(), this.clock);
	}

}
