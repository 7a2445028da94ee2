package dev.o2ext.config;

import java.time.Duration;

/**
 * How function and extension lines become structured records ({@code docs/fields.md}). Each
 * part is on by default and switchable on its own.
 *
 * @param parseText {@code O2_LOG_PARSE_TEXT}: Lambda's text prefix ({@code <time>\t<request id>\t<LEVEL>\t}
 * and {@code [LEVEL]\t<time>\t<request id>\t}) becomes {@code level}, the request id and {@code message}
 * @param parseJson {@code O2_LOG_PARSE_JSON}: JSON objects (the JSON log format's records and objects
 * printed as text) become top-level fields named as OpenObserve names columns
 * @param keepOriginal {@code O2_LOG_KEEP_ORIGINAL}: a line received as text keeps that text in
 * {@code record} beside the parsed fields (an object received as an object is never repeated)
 * @param multiline {@code O2_LOG_MULTILINE}: consecutive lines of one stack trace become one record
 * @param multilineTimeout {@code O2_LOG_MULTILINE_TIMEOUT_MS}: how long the last line of a batch may wait
 * for a continuation in the next batch (never past the end of its invocation's flush)
 * @param maxJsonBytes {@code O2_LOG_JSON_MAX_BYTES}: longer text is not parsed as JSON (counted)
 */
public record LogSettings(boolean parseText, boolean parseJson, boolean keepOriginal, boolean multiline,
		Duration multilineTimeout, int maxJsonBytes) {

	/** Everything on, with the defaults of the variables. */
	public static final LogSettings DEFAULTS = new LogSettings(true, true, true, true, Duration.ofMillis(100), 65_536);

	/** Nothing parsed or joined: every line stays a string in {@code record}, as before parsing existed. */
	public static final LogSettings RAW = new LogSettings(false, false, true, false, Duration.ofMillis(100), 65_536);

	static LogSettings read(EnvReader reader) {
		return new LogSettings(reader.bool(Setting.O2_LOG_PARSE_TEXT), reader.bool(Setting.O2_LOG_PARSE_JSON),
				reader.bool(Setting.O2_LOG_KEEP_ORIGINAL), reader.bool(Setting.O2_LOG_MULTILINE),
				Duration.ofMillis(reader.integer(Setting.O2_LOG_MULTILINE_TIMEOUT_MS)),
				reader.integer(Setting.O2_LOG_JSON_MAX_BYTES));
	}

}
