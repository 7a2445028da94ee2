package dev.o2ext.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The level of a {@code function} or {@code extension} record as Lambda's managed runtimes
 * write it: the third column of the text format {@code <time>\t<request id>\t<LEVEL>\t<message>},
 * the bracket of {@code [LEVEL]\t<time>\t<request id>\t<message>} (Python), or the {@code level}
 * field of an object record (the JSON log format). Platform records have none. Reads at most the
 * first few dozen characters of a line; thread-safe.
 */
public final class LambdaLevel implements LevelSource {

	/** The longest level name looked for ({@code CRITICAL}, {@code UNDEFINED}). */
	private static final int MAX_LEVEL = 9;

	/** Lambda's request ids are 36 characters; the time column is about 24. */
	private static final int MAX_PREFIX = 100;

	@Override
	public @Nullable String level(String type, JsonNode record) {
		if (!type.equals("function") && !type.equals("extension")) {
			return null;
		}
		if (record.isObject()) {
			JsonNode level = record.get("level");
			return (level != null && level.isString()) ? level.stringValue() : null;
		}
		return record.isString() ? ofLine(record.stringValue()) : null;
	}

	/** The level of a text line, or null. */
	static @Nullable String ofLine(String line) {
		if (line.startsWith("[")) {
			int close = line.indexOf(']');
			boolean level = close > 1 && close <= MAX_LEVEL + 1 && line.startsWith("\t", close + 1);
			return level ? line.substring(1, close) : null;
		}
		if (line.isEmpty() || !Character.isDigit(line.charAt(0))) {
			return null;
		}
		int first = line.indexOf('\t');
		int second = (first > 0 && first < MAX_PREFIX) ? line.indexOf('\t', first + 1) : -1;
		if (second < 0 || second > MAX_PREFIX) {
			return null;
		}
		int end = second + 1;
		while (end < line.length() && end - second <= MAX_LEVEL + 1 && Character.isLetter(line.charAt(end))) {
			end++;
		}
		return (end > second + 1 && end < line.length() && line.charAt(end) == '\t') ? line.substring(second + 1, end)
				: null;
	}

}
