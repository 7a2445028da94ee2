package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DeadlineTest {

	private final FakeTime time = new FakeTime();

	@Test
	void remainingShrinksWithTheClockAndNeverGoesNegative() {
		Deadline deadline = this.time.in(Duration.ofSeconds(2));

		this.time.advance(Duration.ofMillis(500));
		assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(1500));
		assertThat(deadline.isExpired()).isFalse();

		this.time.advance(Duration.ofMillis(1500));
		assertThat(deadline.isExpired()).isTrue();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
	}

	@Test
	void minAndMinusChooseTheEarlierPoint() {
		Deadline soon = this.time.in(Duration.ofSeconds(1));
		Deadline later = this.time.in(Duration.ofSeconds(5));

		assertThat(soon.min(later)).isSameAs(soon);
		assertThat(later.min(soon)).isSameAs(soon);
		assertThat(later.minus(Duration.ofMillis(300)).remaining()).isEqualTo(Duration.ofMillis(4700));
	}

	@Test
	void anEpochDeadlineFromLambdaBecomesMonotonic() {
		Deadline inAMinute = Deadline.atEpochMillis(System.currentTimeMillis() + 60_000, this.time);
		Deadline past = Deadline.atEpochMillis(System.currentTimeMillis() - 1_000, this.time);

		assertThat(inAMinute.remaining()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
		assertThat(past.isExpired()).isTrue();
	}

}
