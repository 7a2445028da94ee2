package dev.o2ext.config;

/**
 * A secret value, such as the authorization header. Its {@code toString()} never reveals it, so
 * a secret that ends up in a log line, an exception message or a diagnostics document shows
 * only a mask. Call {@link #reveal()} at the one place the value is needed: the HTTP header.
 */
public final class Secret {

	private static final String MASK = "****";

	private final String value;

	public Secret(String value) {
		this.value = value;
	}

	/** The secret itself; for the request header only, never for text meant for people. */
	public String reveal() {
		return this.value;
	}

	/** Whether the given text contains the secret. */
	public boolean isContainedIn(String text) {
		return !this.value.isEmpty() && text.contains(this.value);
	}

	/** The text with every occurrence of the secret masked (for messages that quote a server or a user). */
	public String scrub(String text) {
		return isContainedIn(text) ? text.replace(this.value, MASK) : text;
	}

	@Override
	public String toString() {
		return MASK;
	}

}
