package dev.o2ext.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads typed values of the {@link Setting}s from the environment, with each one's default and
 * range from its row, and collects every problem instead of stopping at the first, so that one
 * start-up shows the user all that is wrong. Messages name the variable and never quote the value
 * of a secret. An {@code O2_*} variable can only be read as a {@link Setting}.
 */
final class EnvReader {

	private final Map<String, String> env;

	private final List<String> problems = new ArrayList<>();

	EnvReader(Map<String, String> env) {
		this.env = env;
	}

	/** The value of a variable of Lambda's own (not one of ours, which are {@link Setting}s), trimmed; null when blank. */
	@Nullable String platform(String name) {
		if (name.startsWith("O2_")) {
			throw new IllegalArgumentException(name + " is one of ours: add it to Setting and read it from there");
		}
		return value(name);
	}

	/** The value set, trimmed; null when the variable is unset or blank. */
	@Nullable String raw(Setting setting) {
		return value(setting.name());
	}

	private @Nullable String value(String name) {
		String value = this.env.get(name);
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	String required(Setting setting, String hint) {
		String value = raw(setting);
		if (value == null) {
			problem(setting.name() + " is not set: " + hint);
			return "";
		}
		return value;
	}

	/** The value set, or the setting's default ("" when it has none). */
	String string(Setting setting) {
		String fallback = setting.defaultValue();
		return string(setting, (fallback != null) ? fallback : "");
	}

	/** The value set, or {@code fallback} for a setting whose default depends on other settings. */
	String string(Setting setting, String fallback) {
		String value = raw(setting);
		return (value != null) ? value : fallback;
	}

	/** A whole number within the setting's range, or its default. */
	int integer(Setting setting) {
		return integer(setting, Integer.parseInt(setting.requireDefault()));
	}

	/** A whole number within the setting's range, or {@code defaultValue} (one that depends on other settings). */
	int integer(Setting setting, int defaultValue) {
		Rule rule = setting.rule();
		if (rule.kind() != Rule.Kind.WHOLE) {
			throw new IllegalArgumentException(setting + " is not a whole number");
		}
		String value = raw(setting);
		if (value == null) {
			return defaultValue;
		}
		String name = setting.name();
		try {
			int parsed = Integer.parseInt(value);
			if (parsed < rule.min() || parsed > rule.max()) {
				problem(name + " must be between " + rule.min() + " and " + rule.max() + ", got " + parsed);
				return defaultValue;
			}
			if (rule.except().contains((long) parsed)) {
				problem(name + " must not be " + parsed + ": Lambda reserves it for its own APIs");
				return defaultValue;
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			problem(name + " must be a whole number, got '" + value + "'");
			return defaultValue;
		}
	}

	boolean bool(Setting setting) {
		boolean defaultValue = Rule.isTrue(setting.requireDefault());
		String value = raw(setting);
		if (value == null) {
			return defaultValue;
		}
		if (!setting.rule().values().contains(value.toLowerCase(Locale.ROOT))) {
			problem(setting.name() + " must be true or false, got '" + value + "'");
			return defaultValue;
		}
		return Rule.isTrue(value);
	}

	void problem(String message) {
		this.problems.add(message);
	}

	List<String> problems() {
		return this.problems;
	}

}
