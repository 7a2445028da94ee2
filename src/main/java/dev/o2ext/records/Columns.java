package dev.o2ext.records;

import java.util.Set;

/**
 * Column names as OpenObserve stores them: lower case, every character other than
 * {@code [a-z0-9_]} turned into {@code _} ({@code requestId} → {@code requestid},
 * {@code service.name} → {@code service_name}). Names we write ourselves are reserved: a field
 * of the line with one of those names is stored with the prefix {@code log_}.
 */
public final class Columns {

	/** The column of a line's keys beyond the first hundred, as JSON text: the line's content. */
	public static final String MORE = "log_more";

	/** The record's own fields; a line's field of the same column is renamed {@code log_<name>}. */
	static final Set<String> RESERVED = Set.of("_timestamp", "type", "record", "level", "message", "requestid",
			"trace_id", "span_id", "xray_trace_id", "phase", "function_name", "function_version", "function_qualifier",
			"region", "cloud_account_id", "faas_max_memory", "host_arch", "aws_lambda_runtime_version",
			"aws_lambda_initialization_type", "faas_instance", "faas_coldstart", MORE);

	private Columns() {
	}

	/**
	 * Whether a top-level field is context we write ourselves (time, type, ids, function and
	 * sandbox), not the line's content ({@code record}, {@code message} and the line's own fields):
	 * what redaction leaves alone, so that a 16-digit {@code _timestamp} is never taken for a card
	 * number.
	 */
	public static boolean isContext(String name) {
		return !name.equals("record") && !name.equals("message") && !name.equals(MORE) && RESERVED.contains(of(name));
	}

	/** The column OpenObserve makes of a key. */
	public static String of(String key) {
		int n = key.length();
		for (int i = 0; i < n; i++) {
			char c = key.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
				return rewrite(key);
			}
		}
		return key;
	}

	private static String rewrite(String key) {
		StringBuilder out = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				out.append((char) (c + ('a' - 'A')));
			}
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
				out.append(c);
			}
			else {
				out.append('_');
			}
		}
		return out.toString();
	}

}
