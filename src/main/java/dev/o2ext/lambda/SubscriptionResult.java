package dev.o2ext.lambda;

import java.util.Locale;

/** The outcome of the Telemetry API subscription, shown in diagnostics. */
public enum SubscriptionResult {

	/** 200: telemetry will arrive. */
	SUBSCRIBED,

	/** 202 {@code Telemetry.NotSupported}: a local emulator; the extension runs without telemetry. */
	NOT_SUPPORTED,

	/** Any other answer: the extension runs, but receives nothing. */
	FAILED,

	/** Not attempted yet. */
	PENDING;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
