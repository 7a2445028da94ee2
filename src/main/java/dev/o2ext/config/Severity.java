package dev.o2ext.config;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The levels of a function's log records, lowest first, as {@code O2_MIN_LEVEL} and
 * {@code O2_SAMPLE_RATES} name them. {@link #parse} also reads the aliases runtimes print
 * ({@code WARNING}, {@code CRITICAL}); anything else, Java's {@code UNDEFINED} included, has no
 * severity.
 */
public enum Severity {

	TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

	/** The severity a level name stands for (any case, surrounding blanks ignored), or null. */
	public static @Nullable Severity parse(@Nullable String level) {
		if (level == null) {
			return null;
		}
		return switch (level.trim().toUpperCase(Locale.ROOT)) {
			case "TRACE" -> TRACE;
			case "DEBUG" -> DEBUG;
			case "INFO" -> INFO;
			case "WARN", "WARNING" -> WARN;
			case "ERROR" -> ERROR;
			case "FATAL", "CRITICAL" -> FATAL;
			default -> null;
		};
	}

}
