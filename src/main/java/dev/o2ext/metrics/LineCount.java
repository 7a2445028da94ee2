package dev.o2ext.metrics;

import java.util.Locale;

/**
 * What happened to log lines on their way to becoming records, before the buffer: lines that
 * stayed strings although they looked like JSON, lines joined into the record before them, and
 * stack traces cut by a bound. None of these loses data; they explain why a record looks as it
 * does. Shown in diagnostics under {@code counters.lines}.
 */
public enum LineCount {

	/** Looked like a JSON object (starts with '{', ends with '}') but is not valid JSON: kept as text. */
	JSON_INVALID,

	/** Longer than {@code O2_LOG_JSON_MAX_BYTES}: kept as text without trying to parse it. */
	JSON_TOO_LARGE,

	/** Nested deeper than the parser allows: kept as text. */
	JSON_TOO_DEEP,

	/** A JSON line with more keys than one record may have as columns: the rest are JSON text in {@code log_more}. */
	FIELDS_CAPPED,

	/** A line appended to the record of the line before it (a stack trace's frame). */
	JOINED,

	/** A stack trace closed early because it reached the bound in lines or bytes; the rest starts a new record. */
	MULTILINE_CUT;

	/** The name in diagnostics, e.g. {@code json_invalid}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
