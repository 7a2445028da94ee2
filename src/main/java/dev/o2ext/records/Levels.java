package dev.o2ext.records;

import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Log levels in one spelling: upper case as written ({@code warning} → {@code WARNING}, Java's
 * {@code UNDEFINED} kept as is), and pino's numbers as names (10 TRACE … 60 FATAL). Only the
 * levels a runtime or a common logger writes are levels ({@link #KNOWN}); anything else a line
 * says under a level key is the line's content, not our {@code level} column.
 */
final class Levels {

	/**
	 * The levels a line may name, after normalisation: Lambda's runtimes and the loggers run on
	 * them (log4j, java.util.logging, Python's logging, pino, zap/logrus, .NET, syslog), and
	 * Java's {@code UNDEFINED}.
	 */
	static final Set<String> KNOWN = Set.of("TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR",
			"CRITICAL", "ALERT", "EMERGENCY", "FATAL", "PANIC", "DPANIC", "UNDEFINED", "VERBOSE", "INFORMATION",
			"SEVERE", "CONFIG", "FINE", "FINER", "FINEST");

	private Levels() {
	}

	/** The level of a JSON value, or {@code null} when it is not a known one (a container, {@code "35"}, a sentence). */
	static @Nullable String of(JsonNode value) {
		if (value.isString()) {
			String text = value.stringValue().trim();
			if (text.isEmpty() || text.length() > 16) {
				return null;
			}
			String level = text.toUpperCase(Locale.ROOT);
			return KNOWN.contains(level) ? level : null;
		}
		if (value.isIntegralNumber() && value.canConvertToInt()) {
			return switch (value.intValue()) {
				case 10 -> "TRACE";
				case 20 -> "DEBUG";
				case 30 -> "INFO";
				case 40 -> "WARN";
				case 50 -> "ERROR";
				case 60 -> "FATAL";
				default -> null;
			};
		}
		return null;
	}

	/** Whether a token of Lambda's text prefix is a level the managed runtimes write. */
	static boolean isPrefixLevel(String token) {
		return switch (token) {
			case "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL" -> true;
			default -> false;
		};
	}

}
