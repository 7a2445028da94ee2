package dev.o2ext.config;

/**
 * A secret value, such as the authorization header. Its {@code toString()} never reveals it, so
 * a secret that ends up in a log line, an exception message or a diagnostics document shows
 * only a mask. Call {@link #reveal()} at the one place the value is needed: the HTTP header.
 *
 * <p>A secret read from AWS at Init ({@link AuthorizationSource}) starts {@link #pending()} and
 * is {@link #resolve resolved} once, by the credential thread, before the first invocation; until
 * then, and for good when it could not be read, it is empty.
 */
public final class Secret {

	private static final String MASK = "****";

	private volatile String value;

	private volatile boolean resolved;

	public Secret(String value) {
		this.value = value;
		this.resolved = true;
	}

	/** A secret whose value comes later (from Secrets Manager or SSM); empty until then. */
	public static Secret pending() {
		Secret secret = new Secret("");
		secret.resolved = false;
		return secret;
	}

	/**
	 * Sets the value of a {@link #pending()} secret, once.
	 * @throws IllegalStateException when it already has one
	 */
	public synchronized void resolve(String secretValue) {
		if (this.resolved) {
			throw new IllegalStateException("the secret has a value already");
		}
		this.value = secretValue;
		this.resolved = true;
	}

	/** Whether the secret has a value (false for a pending one that was never resolved). */
	public boolean isResolved() {
		return this.resolved;
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
