package dev.o2ext.config;

import java.util.List;

/**
 * The configuration is invalid. The message lists every problem found, one per line, each
 * naming its variable; it never contains a secret's value.
 */
public final class ConfigException extends RuntimeException {

	private final List<String> problems;

	public ConfigException(List<String> problems) {
		super("Invalid configuration: " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
