package dev.o2ext.telemetry;

/**
 * Reads the time of a Telemetry API event as Lambda writes it, {@code 2026-07-28T19:02:01.105Z}
 * ({@code yyyy-MM-ddTHH:mm:ss}, a fraction of 0 to 9 digits, {@code Z}), without
 * {@link java.time.Instant#parse}: no formatter, no allocation. Anything else — another offset,
 * a leap second, a day the month does not have — is left to {@code Instant.parse}. Microseconds
 * are truncated as {@code Instant}'s nanoseconds / 1000 are.
 */
final class UtcTime {

	/** What {@link #epochMicros} answers for a time it does not read (no time of years 0–9999 is it). */
	static final long NOT_READ = Long.MIN_VALUE;

	private UtcTime() {
	}

	static long epochMicros(String time) {
		int n = time.length();
		if (n < 20 || n > 30 || time.charAt(4) != '-' || time.charAt(7) != '-' || time.charAt(10) != 'T'
				|| time.charAt(13) != ':' || time.charAt(16) != ':' || time.charAt(n - 1) != 'Z') {
			return NOT_READ;
		}
		int year = digits(time, 0, 4);
		int month = digits(time, 5, 7);
		int day = digits(time, 8, 10);
		int hour = digits(time, 11, 13);
		int minute = digits(time, 14, 16);
		int second = digits(time, 17, 19);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > days(year, month) || hour < 0 || hour > 23
				|| minute < 0 || minute > 59 || second < 0 || second > 59) {
			return NOT_READ;
		}
		int micros = 0;
		if (n > 20) {
			int fraction = n - 21; // the digits between '.' and 'Z'
			if (time.charAt(19) != '.' || fraction < 1 || digits(time, 20, n - 1) < 0) {
				return NOT_READ;
			}
			micros = digits(time, 20, 20 + Math.min(fraction, 6));
			for (int i = fraction; i < 6; i++) {
				micros *= 10;
			}
		}
		long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
		return seconds * 1_000_000L + micros;
	}

	/** The digits {@code [from, to)} as a number, or -1 when one is not an ASCII digit (at most 9 digits). */
	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static int days(int year, int month) {
		return switch (month) {
			case 2 -> ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
	private static long epochDay(int year, int month, int day) {
		int y = (month <= 2) ? year - 1 : year;
		int era = Math.floorDiv(y, 400);
		int yearOfEra = y - era * 400;
		int dayOfYear = (153 * (month + ((month > 2) ? -3 : 9)) + 2) / 5 + day - 1;
		int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
		return era * 146_097L + dayOfEra - 719_468;
	}

}
