package dev.o2ext.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class UtcTimeTest {

	@Test
	void readsLambdasTimesAsInstantDoes() {
		SplittableRandom random = new SplittableRandom(11);
		long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
		long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
			String time = instant.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "")
					+ fraction(instant.getNano(), random.nextInt(10)) + "Z";
			assertThat(UtcTime.epochMicros(time)).as(time).isEqualTo(viaInstant(time));
		}
		for (String time : new String[] { "2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00.000001Z",
				"2026-12-31T23:59:59.999999999Z", "2026-07-28T19:02:01.1Z", "1969-12-31T23:59:59.999Z", "1600-03-01T00:00:00Z" }) {
			assertThat(UtcTime.epochMicros(time)).as(time).isEqualTo(viaInstant(time));
		}
	}

	@Test
	void leavesEverythingElseToInstant() {
		for (String time : new String[] { "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
				"2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-07-28T24:00:00Z", "2026-07-28T19:60:00Z",
				"2026-12-31T23:59:60Z", "2026-07-28T19:02:01.Z", "2026-07-28T19:02:01.1234567890Z",
				"2026-07-28T19:02:01,105Z", "2026-07-28T19:02:01.105+02:00", "2026-07-28 19:02:01.105Z",
				"2026-07-28T19:02:01.10aZ", "2026-07-2aT19:02:01Z", "+12026-07-28T19:02:01Z", "yesterday", "",
				"2026-07-28T19:02:01.105z" }) {
			assertThat(UtcTime.epochMicros(time)).as(time).isEqualTo(UtcTime.NOT_READ);
		}
		assertThat(RecordMapper.epochMicros("2026-07-28T19:02:01.105+02:00", -1)).as("Instant reads offsets")
			.isEqualTo(viaInstant("2026-07-28T19:02:01.105+02:00"));
	}

	private static String fraction(int nanos, int digits) {
		if (digits == 0) {
			return "";
		}
		return "." + String.format("%09d", nanos).substring(0, digits);
	}

	private static long viaInstant(String time) {
		Instant instant = Instant.parse(time);
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
	}

}
