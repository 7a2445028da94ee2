package dev.o2ext.records;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Log levels in one spelling: upper case as written ({@code warning} → {@code WARNING}, Java's
 * {@code UNDEFINED} kept as is), and pino's numbers as names (10 TRACE … 60 FATAL).
 */
final class Levels {

	private Levels() {
	}

	/** The level of a JSON value, or {@code null} when it is not one (a container, an empty string). */
	static @Nullable String of(JsonNode value) {
		if (value.isString()) {
			String text = value.stringValue().trim();
			return (text.isEmpty() || text.length() > 16) ? null : text.toUpperCase(Locale.ROOT);
		}
		if (value.isIntegralNumber()) {
			return switch (value.asInt()) {
				case 10 -> "TRACE";
				case 20 -> "DEBUG";
				case 30 -> "INFO";
				case 40 -> "WARN";
				case 50 -> "ERROR";
				case 60 -> "FATAL";
				default -> value.asString();
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
