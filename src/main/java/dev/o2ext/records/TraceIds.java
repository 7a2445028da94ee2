package dev.o2ext.records;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The X-Ray trace id of a trace header ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=…;Sampled=1})
 * and the same id in W3C form ({@code 5759e988bd862e3fe1be46a994272793}), which is how
 * OpenTelemetry, and so OpenObserve's traces, spell it.
 */
public final class TraceIds {

	private TraceIds() {
	}

	/** The {@code Root} of an X-Ray header, e.g. {@code 1-5759e988-bd862e3fe1be46a994272793}, or {@code null}. */
	public static @Nullable String xrayRoot(@Nullable String header) {
		if (header == null) {
			return null;
		}
		int start = header.indexOf("Root=");
		if (start < 0) {
			return isXray(header) ? header : null;
		}
		start += 5;
		int end = header.indexOf(';', start);
		String root = header.substring(start, (end < 0) ? header.length() : end).trim();
		return isXray(root) ? root : null;
	}

	/** The W3C form of an X-Ray id ({@code 1-8hex-24hex} → 32 hex), or {@code null} when it is not one. */
	public static @Nullable String w3c(@Nullable String xray) {
		if (xray == null || !isXray(xray)) {
			return null;
		}
		return xray.substring(2, 10) + xray.substring(11);
	}

	/**
	 * A line's own trace id in W3C form, or {@code null} when it has not that shape: 32 hex digits,
	 * not all zeros (OpenTelemetry's invalid id), lower-cased; or an X-Ray id converted.
	 */
	static @Nullable String lineTraceId(String id) {
		String w3c = w3c(id);
		String candidate = (w3c != null) ? w3c : id;
		return isId(candidate, 32) ? candidate.toLowerCase(Locale.ROOT) : null;
	}

	/** A line's own span id: 16 hex digits, not all zeros, lower-cased; else {@code null}. */
	static @Nullable String lineSpanId(String id) {
		return isId(id, 16) ? id.toLowerCase(Locale.ROOT) : null;
	}

	static boolean isXray(String id) {
		if (id.length() != 35 || id.charAt(0) != '1' || id.charAt(1) != '-' || id.charAt(10) != '-') {
			return false;
		}
		for (int i = 2; i < 35; i++) {
			if (i != 10 && !isHex(id.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** {@code length} ASCII hex digits, not all zeros. */
	private static boolean isId(String id, int length) {
		if (id.length() != length) {
			return false;
		}
		boolean zeros = true;
		for (int i = 0; i < length; i++) {
			char c = id.charAt(i);
			if (!isHex(c)) {
				return false;
			}
			zeros &= (c == '0');
		}
		return !zeros;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
