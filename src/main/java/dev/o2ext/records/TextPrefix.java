package dev.o2ext.records;

import org.jspecify.annotations.Nullable;

/**
 * Lambda's text log prefix, as the managed runtimes write it:
 * {@code <ISO-8601 time>\t<request id>\t<LEVEL>\t<message>} (Node.js, and the
 * {@code AWS_LAMBDA_LOG_FORMAT=Text} default of most runtimes) and
 * {@code [LEVEL]\t<time>\t<request id>\t<message>} (Python). Node.js writes {@code undefined}
 * for the request id outside an invocation: that is no id.
 *
 * @param level the level, upper case
 * @param requestId the request id's column as written (its shape is not checked here), or {@code null}
 * @param message the rest of the line
 */
record TextPrefix(String level, @Nullable String requestId, String message) {

	/** The prefix of a line (without its newline), or {@code null} when it has none. */
	static @Nullable TextPrefix parse(String line) {
		if (line.length() < 26) {
			return null;
		}
		if (line.charAt(0) == '[') {
			int close = line.indexOf(']');
			if (close < 2 || close > 10 || close + 1 >= line.length() || line.charAt(close + 1) != '\t') {
				return null;
			}
			String level = line.substring(1, close);
			int time = close + 2;
			int afterTime = line.indexOf('\t', time);
			if (!Levels.isPrefixLevel(level) || afterTime < 0 || !isTime(line, time, afterTime)) {
				return null;
			}
			int afterId = line.indexOf('\t', afterTime + 1);
			if (afterId < 0) {
				return null;
			}
			return new TextPrefix(level, id(line.substring(afterTime + 1, afterId)), line.substring(afterId + 1));
		}
		int afterTime = line.indexOf('\t');
		if (afterTime < 0 || !isTime(line, 0, afterTime)) {
			return null;
		}
		int afterId = line.indexOf('\t', afterTime + 1);
		if (afterId < 0) {
			return null;
		}
		int afterLevel = line.indexOf('\t', afterId + 1);
		if (afterLevel < 0 || afterLevel - afterId > 10) {
			return null;
		}
		String level = line.substring(afterId + 1, afterLevel);
		if (!Levels.isPrefixLevel(level)) {
			return null;
		}
		return new TextPrefix(level, id(line.substring(afterTime + 1, afterId)), line.substring(afterLevel + 1));
	}

	/** {@code 2026-07-28T19:02:01.231Z} and its variants: digits, '-' at 4 and 7, 'T' at 10. */
	private static boolean isTime(String line, int from, int to) {
		int n = to - from;
		return n >= 19 && n <= 35 && line.charAt(from + 4) == '-' && line.charAt(from + 7) == '-'
				&& line.charAt(from + 10) == 'T' && Character.isDigit(line.charAt(from));
	}

	private static @Nullable String id(String token) {
		return (token.isEmpty() || token.equals("undefined")) ? null : token;
	}

}
