package dev.o2ext.otlp;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The two OTLP/HTTP encodings. Requests may carry parameters ({@code application/json;
 * charset=utf-8}); what the relay sends is the bare type, because OpenObserve matches it
 * exactly and refuses a charset on {@code /v1/logs}.
 */
public enum OtlpEncoding {

	PROTOBUF("application/x-protobuf"),

	JSON("application/json");

	private final String contentType;

	OtlpEncoding(String contentType) {
		this.contentType = contentType;
	}

	/** The exact content type, without parameters. */
	public String contentType() {
		return this.contentType;
	}

	/** The encoding of a request's {@code Content-Type}, or {@code null} for any other type. */
	public static @Nullable OtlpEncoding of(@Nullable String contentType) {
		if (contentType == null) {
			return null;
		}
		int semicolon = contentType.indexOf(';');
		String type = ((semicolon >= 0) ? contentType.substring(0, semicolon) : contentType).trim()
			.toLowerCase(Locale.ROOT);
		for (OtlpEncoding encoding : values()) {
			if (encoding.contentType.equals(type)) {
				return encoding;
			}
		}
		return null;
	}

}
