package dev.o2ext.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads typed values from the environment and collects every problem instead of stopping at
 * the first, so that one start-up shows the user all that is wrong. Messages name the variable
 * and never quote the value of a secret.
 */
final class EnvReader {

	private final Map<String, String> env;

	private final List<String> problems = new ArrayList<>();

	EnvReader(Map<String, String> env) {
		this.env = env;
	}

	@Nullable String raw(String name) {
		String value = this.env.get(name);
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	String required(String name, String hint) {
		String value = raw(name);
		if (value == null) {
			problem(name + " is not set: " + hint);
			return "";
		}
		return value;
	}

	String string(String name, String defaultValue) {
		String value = raw(name);
		return (value != null) ? value : defaultValue;
	}

	int integer(String name, int defaultValue, int min, int max) {
		String value = raw(name);
		if (value == null) {
			return defaultValue;
		}
		try {
			int parsed = Integer.parseInt(value);
			if (parsed < min || parsed > max) {
				problem(name + " must be between " + min + " and " + max + ", got " + parsed);
				return defaultValue;
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			problem(name + " must be a whole number, got '" + value + "'");
			return defaultValue;
		}
	}

	boolean bool(String name, boolean defaultValue) {
		String value = raw(name);
		if (value == null) {
			return defaultValue;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "1", "yes", "on" -> true;
			case "false", "0", "no", "off" -> false;
			default -> {
				problem(name + " must be true or false, got '" + value + "'");
				yield defaultValue;
			}
		};
	}

	void problem(String message) {
		this.problems.add(message);
	}

	List<String> problems() {
		return this.problems;
	}

}
