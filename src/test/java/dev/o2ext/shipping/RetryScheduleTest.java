package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.o2ext.config.RetrySettings;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

	/** The middle of [0, 1): no jitter either way. */
	private static final double NO_JITTER = 0.5;

	private final RetrySchedule schedule = new RetrySchedule(10, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0,
			0.2);

	@Test
	void waitsDoubleFromTheInitialDelay() {
		assertThat(this.schedule.delayBefore(1, NO_JITTER)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.schedule.delayBefore(2, NO_JITTER)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.schedule.delayBefore(3, NO_JITTER)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.schedule.delayBefore(4, NO_JITTER)).isEqualTo(Duration.ofMillis(800));
	}

	@Test
	void waitsStopGrowingAtTheMaximum() {
		assertThat(this.schedule.delayBefore(5, NO_JITTER)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.schedule.delayBefore(60, NO_JITTER)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void jitterSpreadsTheWaitByTheConfiguredShareEitherWay() {
		assertThat(this.schedule.delayBefore(4, 0.0)).isEqualTo(Duration.ofMillis(640));
		assertThat(this.schedule.delayBefore(4, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(960));
		assertThat(this.schedule.delayBefore(60, 0.0)).isEqualTo(Duration.ofMillis(800));
		assertThat(this.schedule.delayBefore(60, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(1200));
	}

	@Test
	void fromSettingsDoublesWithTwentyPercentJitter() {
		RetrySchedule fromSettings = RetrySchedule
			.of(new RetrySettings(3, Duration.ofSeconds(1), Duration.ofSeconds(30)));

		assertThat(fromSettings).isEqualTo(new RetrySchedule(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.2));
		assertThat(fromSettings.delayBefore(2, 0.0)).isEqualTo(Duration.ofMillis(1600));
	}

	@Test
	void refusesNonsense() {
		assertThatThrownBy(() -> new RetrySchedule(-1, Duration.ZERO, Duration.ZERO, 2, 0.2))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RetrySchedule(1, Duration.ZERO, Duration.ZERO, 0.5, 0.2))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RetrySchedule(1, Duration.ZERO, Duration.ZERO, 2, 1.5))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
