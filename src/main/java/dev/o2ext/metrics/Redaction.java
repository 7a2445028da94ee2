package dev.o2ext.metrics;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The redaction presets of {@code O2_REDACT}, and {@link #CUSTOM} for {@code O2_REDACT_PATTERN}:
 * the names the user configures and the keys under which replaced values are counted. The
 * patterns themselves live in {@code dev.o2ext.filter}.
 */
public enum Redaction {

	/** E-mail addresses. */
	EMAIL,

	/** Payment card numbers (13–19 digits, Luhn-checked, with or without spaces or dashes). */
	CARD,

	/** JSON Web Tokens. */
	JWT,

	/** AWS access key ids, secret access keys after a key-like name, session tokens. */
	AWS,

	/** {@code Authorization} header values, {@code Bearer} tokens and {@code Basic} credentials. */
	AUTH,

	/** IPv4 addresses (not on unless asked for). */
	IPV4,

	/** The user's own regular expression. */
	CUSTOM;

	/** The lower-case name used in {@code O2_REDACT}, diagnostics and the replacement text. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The preset named {@code key} (any case), or null; {@link #CUSTOM} is not a preset name. */
	public static @Nullable Redaction preset(String key) {
		for (Redaction redaction : values()) {
			if (redaction != CUSTOM && redaction.key().equalsIgnoreCase(key.trim())) {
				return redaction;
			}
		}
		return null;
	}

}
