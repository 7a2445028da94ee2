package dev.o2ext.shipping;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.LaneCounters;
import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Runs one delivery with retries on Spring Framework's {@link RetryTemplate}: the
 * {@link RetrySchedule} decides the waits, a {@code Retry-After} answer lengthens one, and no
 * wait or attempt may pass the deadline: when the next wait would, the retries stop and the
 * last retryable outcome is returned (the caller keeps the data for a later flush).
 *
 * <p>A connection failure is retried once at once, without waiting: after a thaw a pooled
 * connection may be dead, and a fresh one usually works.
 *
 * <p>The waits are done by the injected {@link Sleeper} inside the back-off (the template is
 * told to wait zero), so tests never really sleep. Called from one thread at a time.
 */
public final class RetryingSender {

	/**
	 * No attempt was made: the deadline had passed. One instance, so that a lane can tell it from
	 * OpenObserve's failures (it does not count towards the circuit).
	 */
	public static final Outcome NO_TIME_LEFT = new Outcome.Retryable(FailureKind.TIMEOUT, "no time left in this flush",
			null);

	private final RetrySchedule schedule;

	private final Sleeper sleeper;

	private final DoubleSupplier random;

	private final LaneCounters metrics;

	public RetryingSender(RetrySchedule schedule, Sleeper sleeper, DoubleSupplier random, LaneCounters metrics) {
		this.schedule = schedule;
		this.sleeper = sleeper;
		this.random = random;
		this.metrics = metrics;
	}

	/**
	 * Attempts until an outcome that is not {@link Outcome.Retryable}, the retries run out, or
	 * the deadline comes.
	 * @param attempt one attempt, given the time it may take; it returns an outcome and does not throw
	 * @param deadline bound of every attempt and wait
	 * @return the last outcome; a {@link Outcome.Retryable} when the retries ran out or time did
	 */
	public Outcome send(Function<Duration, Outcome> attempt, Deadline deadline) {
		return send(attempt, () -> deadline);
	}

	/**
	 * Like {@link #send(Function, Deadline)} with a deadline that may move earlier meanwhile
	 * (a lane's cap): it is read again before every attempt and wait.
	 */
	public Outcome send(Function<Duration, Outcome> attempt, Supplier<Deadline> deadline) {
		if (deadline.get().isExpired()) {
			return NO_TIME_LEFT;
		}
		Attempts attempts = new Attempts(attempt, deadline);
		RetryPolicy policy = RetryPolicy.builder()
			.predicate((failure) -> failure instanceof RetryableFailure)
			.backOff(attempts)
			.build();
		RetryTemplate template = new RetryTemplate(policy);
		template.setRetryListener(new RetryListener() {
			@Override
			public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState state) {
				RetryingSender.this.metrics.retried();
			}
		});
		try {
			return template.execute(attempts);
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof RetryableFailure failure) {
				return failure.outcome;
			}
			throw new IllegalStateException("unexpected failure in an attempt", ex.getLastException());
		}
	}

	/** One delivery's state: the attempt, its deadline and the back-off between attempts. */
	private final class Attempts implements Retryable<Outcome>, BackOff, BackOffExecution {

		private final Function<Duration, Outcome> attempt;

		private final Supplier<Deadline> deadline;

		private int retries;

		private @Nullable Duration retryAfter;

		private boolean connectionFailure;

		Attempts(Function<Duration, Outcome> attempt, Supplier<Deadline> deadline) {
			this.attempt = attempt;
			this.deadline = deadline;
		}

		@Override
		public Outcome execute() throws RetryableFailure {
			Outcome outcome = this.attempt.apply(this.deadline.get().remaining());
			if (outcome instanceof Outcome.Retryable retryable) {
				this.retryAfter = retryable.retryAfter();
				this.connectionFailure = retryable.kind() == FailureKind.CONNECTION;
				throw new RetryableFailure(retryable);
			}
			return outcome;
		}

		@Override
		public BackOffExecution start() {
			return this;
		}

		@Override
		public long nextBackOff() {
			this.retries++;
			if (this.retries > RetryingSender.this.schedule.maxRetries()) {
				return STOP;
			}
			if (this.deadline.get().isExpired()) {
				return STOP;
			}
			if (this.retries == 1 && this.connectionFailure) {
				return 0;
			}
			Duration wait = RetryingSender.this.schedule.delayBefore(this.retries,
					RetryingSender.this.random.getAsDouble());
			if (this.retryAfter != null && this.retryAfter.compareTo(wait) > 0) {
				wait = this.retryAfter;
			}
			if (wait.compareTo(this.deadline.get().remaining()) >= 0) {
				return STOP;
			}
			try {
				// the deadline may move earlier while we wait (the lifecycle about to call next):
				// give up the retry as soon as what is left of the wait no longer fits
				boolean waited = RetryingSender.this.sleeper.sleepWhile(wait,
						(left) -> left.compareTo(this.deadline.get().remaining()) < 0);
				return waited ? 0 : STOP;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return STOP;
			}
		}

	}

	/** Carries a retryable outcome through the template. */
	static final class RetryableFailure extends Exception {

		final transient Outcome.Retryable outcome;

		RetryableFailure(Outcome.Retryable outcome) {
			super(outcome.description(), null, false, false);
			this.outcome = outcome;
		}

	}

}
