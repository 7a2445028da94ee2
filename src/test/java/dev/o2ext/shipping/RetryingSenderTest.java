package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import org.junit.jupiter.api.Test;

class RetryingSenderTest {

	private static final Outcome UNAVAILABLE = new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 503", null);

	private static final Outcome STORED = new Outcome.Accepted(3, 0, null);

	private final FakeTime time = new FakeTime();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final RetryingSender sender = new RetryingSender(
			new RetrySchedule(3, Duration.ofMillis(100), Duration.ofMillis(300), 2.0, 0.2), this.time, () -> 0.5,
			this.metrics.logs());

	private final List<Duration> attemptTimes = new ArrayList<>();

	@Test
	void withNoTimeLeftNoAttemptIsMadeAndTheOutcomeIsTheOneALaneTellsFromOpenObservesFailures() {
		Outcome outcome = this.sender.send(answers(STORED), this.time.in(Duration.ZERO));

		assertThat(outcome).as("the shared instance, which the circuit does not count").isSameAs(RetryingSender.NO_TIME_LEFT);
		assertThat(this.attemptTimes).isEmpty();
	}

	@Test
	void aCapThatMovesEarlierDuringTheWaitEndsTheRetriesAtOnce() {
		Deadline[] cap = { this.time.in(Duration.ofMinutes(1)) };
		// the lifecycle tightens the cap while the sender waits 100 ms before its retry
		Sleeper capMovesMidWait = new Sleeper() {

			@Override
			public void sleep(Duration duration) {
				RetryingSenderTest.this.time.sleep(duration);
			}

			@Override
			public boolean sleepWhile(Duration duration, java.util.function.Predicate<Duration> keepWaiting) {
				RetryingSenderTest.this.time.sleep(Duration.ofMillis(40));
				cap[0] = RetryingSenderTest.this.time.in(Duration.ofMillis(10));
				return keepWaiting.test(duration.minusMillis(40));
			}

		};
		RetryingSender sender = new RetryingSender(
				new RetrySchedule(3, Duration.ofMillis(100), Duration.ofMillis(300), 2.0, 0), capMovesMidWait,
				() -> 0.5, this.metrics.logs());

		Outcome outcome = sender.send(answers(UNAVAILABLE, STORED), () -> cap[0]);

		assertThat(outcome).as("no retry after the cap came").isEqualTo(UNAVAILABLE);
		assertThat(this.attemptTimes).hasSize(1);
	}

	@Test
	void theSystemSleeperStopsWaitingWhenAskedAndSleepsOtherwise() throws InterruptedException {
		assertThat(Sleeper.SYSTEM.sleepWhile(Duration.ofMinutes(10), (left) -> false)).isFalse();
		List<Duration> asked = new ArrayList<>();
		assertThat(Sleeper.SYSTEM.sleepWhile(Duration.ofMillis(50), (left) -> asked.add(left))).isTrue();
		assertThat(asked).as("asked again at least every slice, with less left each time").hasSizeGreaterThanOrEqualTo(2)
			.isSortedAccordingTo(java.util.Comparator.reverseOrder());
	}

	@Test
	void retriesUpToTheLimitWithTheScheduledWaits() {
		Outcome outcome = this.sender.send(answers(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, STORED),
				this.time.in(Duration.ofMinutes(1)));

		assertThat(outcome).isEqualTo(UNAVAILABLE);
		assertThat(this.attemptTimes).hasSize(4);
		assertThat(this.time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
				Duration.ofMillis(300));
		assertThat(this.metrics.snapshot().logs().retries()).isEqualTo(3);
	}

	@Test
	void moreRetriesThanSpringsDefaultAreHonoured() {
		RetryingSender patient = new RetryingSender(new RetrySchedule(6, Duration.ofMillis(10), Duration.ofMillis(10), 2, 0),
				this.time, () -> 0.5, this.metrics.logs());

		Outcome outcome = patient.send(answers(UNAVAILABLE), this.time.in(Duration.ofMinutes(1)));

		assertThat(outcome).isEqualTo(UNAVAILABLE);
		assertThat(this.attemptTimes).hasSize(7);
		assertThat(this.metrics.snapshot().logs().retries()).isEqualTo(6);
	}

	@Test
	void returnsTheFirstSuccess() {
		Outcome outcome = this.sender.send(answers(UNAVAILABLE, UNAVAILABLE, STORED), this.time.in(Duration.ofMinutes(1)));

		assertThat(outcome).isEqualTo(STORED);
		assertThat(this.time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
		assertThat(this.metrics.snapshot().logs().retries()).isEqualTo(2);
	}

	@Test
	void eachAttemptIsGivenTheTimeLeft() {
		this.sender.send(answers(UNAVAILABLE, UNAVAILABLE, STORED), this.time.in(Duration.ofSeconds(10)));

		assertThat(this.attemptTimes).containsExactly(Duration.ofSeconds(10), Duration.ofMillis(9900),
				Duration.ofMillis(9700));
	}

	@Test
	void aLongerRetryAfterLengthensTheWait() {
		Outcome slowDown = new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 429", Duration.ofSeconds(2));

		Outcome outcome = this.sender.send(answers(slowDown, STORED), this.time.in(Duration.ofMinutes(1)));

		assertThat(outcome).isEqualTo(STORED);
		assertThat(this.time.sleeps()).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void aShorterRetryAfterDoesNotShortenTheWait() {
		Outcome hurry = new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 503", Duration.ofMillis(10));

		this.sender.send(answers(hurry, STORED), this.time.in(Duration.ofMinutes(1)));

		assertThat(this.time.sleeps()).containsExactly(Duration.ofMillis(100));
	}

	@Test
	void aFailedConnectionIsRetriedOnceWithoutWaiting() {
		Outcome refused = new Outcome.Retryable(FailureKind.CONNECTION, "connection failed (ConnectException)", null);

		Outcome outcome = this.sender.send(answers(refused, refused, STORED), this.time.in(Duration.ofMinutes(1)));

		assertThat(outcome).isEqualTo(STORED);
		assertThat(this.attemptTimes).hasSize(3);
		assertThat(this.time.sleeps()).containsExactly(Duration.ofMillis(200));
		assertThat(this.metrics.snapshot().logs().retries()).isEqualTo(2);
	}

	@Test
	void stopsBeforeAWaitThatWouldPassTheDeadline() {
		Outcome outcome = this.sender.send(answers(UNAVAILABLE, UNAVAILABLE, STORED), this.time.in(Duration.ofMillis(250)));

		// after the 100 ms wait, 150 ms are left: the 200 ms wait would pass the deadline
		assertThat(outcome).isEqualTo(UNAVAILABLE);
		assertThat(this.attemptTimes).hasSize(2);
		assertThat(this.time.sleeps()).containsExactly(Duration.ofMillis(100));
		assertThat(this.metrics.snapshot().logs().retries()).isEqualTo(1);
	}

	@Test
	void aRetryAfterBeyondTheDeadlineEndsTheRetries() {
		Outcome later = new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 503", Duration.ofSeconds(30));

		Outcome outcome = this.sender.send(answers(later, STORED), this.time.in(Duration.ofSeconds(2)));

		assertThat(outcome).isEqualTo(later);
		assertThat(this.time.sleeps()).isEmpty();
	}

	@Test
	void anExpiredDeadlineMakesNoAttempt() {
		Deadline deadline = this.time.in(Duration.ofMillis(5));
		this.time.advance(Duration.ofMillis(5));

		Outcome outcome = this.sender.send(answers(STORED), deadline);

		assertThat(outcome).isInstanceOfSatisfying(Outcome.Retryable.class,
				(retryable) -> assertThat(retryable.kind()).isEqualTo(FailureKind.TIMEOUT));
		assertThat(this.attemptTimes).isEmpty();
	}

	@Test
	void aFinalAnswerIsReturnedAtOnce() {
		Outcome rejected = new Outcome.Final(401, "HTTP 401: Unauthorized Access");

		Outcome outcome = this.sender.send(answers(rejected, STORED), this.time.in(Duration.ofMinutes(1)));

		assertThat(outcome).isEqualTo(rejected);
		assertThat(this.attemptTimes).hasSize(1);
		assertThat(this.time.sleeps()).isEmpty();
		assertThat(this.metrics.snapshot().logs().retries()).isZero();
	}

	@Test
	void splitAndSilentDropAnswersAreNotRetried() {
		assertThat(this.sender.send(answers(new Outcome.TooLarge(), STORED), this.time.in(Duration.ofMinutes(1))))
			.isEqualTo(new Outcome.TooLarge());
		assertThat(this.sender.send(answers(new Outcome.SilentDrop(0, 0, 3), STORED), this.time.in(Duration.ofMinutes(1))))
			.isEqualTo(new Outcome.SilentDrop(0, 0, 3));
		assertThat(this.metrics.snapshot().logs().retries()).isZero();
	}

	@Test
	void noRetriesConfiguredMeansOneAttempt() {
		RetryingSender once = new RetryingSender(new RetrySchedule(0, Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0.2),
				this.time, () -> 0.5, this.metrics.logs());

		assertThat(once.send(answers(UNAVAILABLE, STORED), this.time.in(Duration.ofMinutes(1)))).isEqualTo(UNAVAILABLE);
		assertThat(this.attemptTimes).hasSize(1);
	}

	@Test
	void anInterruptedWaitStopsTheRetriesAndKeepsTheInterrupt() {
		RetryingSender interrupted = new RetryingSender(
				new RetrySchedule(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0.2), (duration) -> {
					throw new InterruptedException();
				}, () -> 0.5, this.metrics.logs());
		try {
			Outcome outcome = interrupted.send(answers(UNAVAILABLE, STORED), this.time.in(Duration.ofMinutes(1)));

			assertThat(outcome).isEqualTo(UNAVAILABLE);
			assertThat(this.attemptTimes).hasSize(1);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	/** Attempts that answer the given outcomes in turn and record the time each was given. */
	private Function<Duration, Outcome> answers(Outcome... outcomes) {
		Deque<Outcome> script = new ArrayDeque<>(List.of(outcomes));
		return (timeLeft) -> {
			this.attemptTimes.add(timeLeft);
			return script.size() > 1 ? script.poll() : script.peek();
		};
	}

}
