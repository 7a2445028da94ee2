package dev.o2ext.records;

/**
 * Which lines continue a stack trace, by the runtime's way of printing one:
 * <ul>
 * <li>Java and Node.js (and anything else printing frames): {@code \tat …}/{@code     at …},
 * {@code Caused by: …}, {@code Suppressed: …}, {@code \t... N more} continue any line;</li>
 * <li>Python: from {@code Traceback (most recent call last):} every indented line, then the
 * exception line, then a chained traceback ({@code During handling of the above exception…},
 * {@code The above exception was the direct cause…}) after blank lines;</li>
 * <li>Go: from {@code panic:}, {@code fatal error:} or {@code goroutine N [...]:}, blank lines,
 * {@code goroutine …}, frames ({@code main.main()}) and their tab-indented file lines.</li>
 * </ul>
 * One instance follows one trace; not thread-safe (the {@link Stitcher} guards it).
 */
final class Continuation {

	private enum Mode { FRAMES, PYTHON, PYTHON_END, PYTHON_CHAIN, GO }

	private Mode mode;

	/** @param first the message of the first line, which decides how the trace goes on */
	Continuation(String first) {
		if (first.startsWith("Traceback (most recent call last):")) {
			this.mode = Mode.PYTHON;
		}
		else if (first.startsWith("panic: ") || first.startsWith("fatal error: ") || isGoroutine(first)) {
			this.mode = Mode.GO;
		}
		else {
			this.mode = Mode.FRAMES;
		}
	}

	/** Whether the line (without its newline) continues the trace; advances the state when it does. */
	boolean continues(String line) {
		switch (this.mode) {
			case PYTHON -> {
				if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
					return true;
				}
				if (line.isEmpty() || line.startsWith("Traceback ")) {
					return false;
				}
				this.mode = Mode.PYTHON_END; // the exception line ends this traceback
				return true;
			}
			case PYTHON_END -> {
				if (line.startsWith("During handling of the above exception")
						|| line.startsWith("The above exception was the direct cause")) {
					this.mode = Mode.PYTHON_CHAIN;
					return true;
				}
				return line.isEmpty();
			}
			case PYTHON_CHAIN -> {
				if (line.startsWith("Traceback (most recent call last):")) {
					this.mode = Mode.PYTHON;
					return true;
				}
				return line.isEmpty();
			}
			case GO -> {
				return line.isEmpty() || line.charAt(0) == '\t' || isGoroutine(line) || line.startsWith("[signal ")
						|| line.startsWith("created by ") || line.startsWith("exit status ") || line.startsWith("panic: ")
						|| line.startsWith("goroutine ") || isGoFrame(line);
			}
			default -> {
				return isFrame(line);
			}
		}
	}

	/** A JVM or V8 frame line, or the lines Java prints between frames. */
	static boolean isFrame(String line) {
		int i = 0;
		while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
			i++;
		}
		if (i > 0 && line.startsWith("at ", i)) {
			return true;
		}
		if (line.startsWith("Caused by: ", i) || line.startsWith("Suppressed: ", i)) {
			return true;
		}
		return i > 0 && line.startsWith("... ", i) && (line.endsWith(" more") || line.endsWith("common frames omitted"));
	}

	private static boolean isGoroutine(String line) {
		return line.startsWith("goroutine ") && line.endsWith("]:");
	}

	/** {@code main.main()}, {@code panic({0x4a0ec0?, 0x4e1d38?})}, {@code main.(*T).m(...)}: no blank, ends with ')'. */
	private static boolean isGoFrame(String line) {
		int open = line.indexOf('(');
		return open > 0 && line.endsWith(")") && line.lastIndexOf(' ', open) < 0;
	}

}
