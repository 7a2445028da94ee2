package dev.o2ext.otlp;

import java.util.Locale;

/** Why the receiver refused a request, with the HTTP status it answered. */
public enum Refusal {

	/** 400: not a valid export of its signal, or a corrupt gzip stream. */
	MALFORMED(400),

	/** 413: larger than {@code O2_OTLP_MAX_BODY_BYTES}, as received or decompressed. */
	TOO_LARGE(413),

	/** 415: neither {@code application/x-protobuf} nor {@code application/json}, or an unknown {@code Content-Encoding}. */
	UNSUPPORTED(415),

	/** 503 with {@code Retry-After}: the shared buffer is full, or the extension is shutting down. */
	UNAVAILABLE(503);

	private final int status;

	Refusal(int status) {
		this.status = status;
	}

	public int status() {
		return this.status;
	}

	/** The snake_case name used in diagnostics. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
