package dev.o2ext.records;

import java.util.function.Consumer;

import dev.o2ext.metrics.LineCount;
import dev.o2ext.metrics.PipelineMetrics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.StringNode;

/**
 * Joins the lines of one stack trace into one record ({@link Continuation} says which lines
 * continue one). The last {@code function} text line seen is held as pending until the next line
 * shows whether it continues it; a pending record is emitted with its first line's time when
 * the next line does not continue it, when it reaches {@code maxLines} or {@code maxBytes}
 * (counted as {@link LineCount#MULTILINE_CUT}), when {@link #release()} is called (the lifecycle,
 * before every flush at the end of an invocation, at init and at shutdown), or by the timer that
 * {@link #pendingToken()} and {@link #closeIfUnchanged(Object)} serve. Lines of different
 * requests or types are never joined. A joined record without a level gets {@code ERROR}.
 *
 * <p>Thread-safe: the listener's event loop offers lines, the lifecycle thread closes.
 */
public final class Stitcher {

	private final int maxLines;

	private final int maxBytes;

	private final PipelineMetrics metrics;

	private final Consumer<LogLine> out;

	private @Nullable Pending pending;

	private boolean holding = true;

	/**
	 * @param maxLines most lines in one record
	 * @param maxBytes most characters in one record's message
	 * @param out receives every line or joined record, in order
	 */
	public Stitcher(int maxLines, int maxBytes, PipelineMetrics metrics, Consumer<LogLine> out) {
		this.maxLines = maxLines;
		this.maxBytes = maxBytes;
		this.metrics = metrics;
		this.out = out;
	}

	/** Takes the next line. */
	public synchronized void accept(LogLine line) {
		Pending current = this.pending;
		if (current != null) {
			String text = joinable(line, current);
			if (text != null) {
				if (current.lines < this.maxLines && current.message.length() + text.length() < this.maxBytes) {
					current.add(line, text);
					return;
				}
				this.metrics.lines(LineCount.MULTILINE_CUT, 1);
			}
			emit(current);
		}
		if (this.holding && line.type().equals("function") && line.record().isString() && line.parsed().message() != null
				&& !line.parsed().json()) {
			this.pending = new Pending(line);
		}
		else {
			this.out.accept(line);
		}
	}

	/** Emits the pending record, if any. */
	public synchronized void close() {
		Pending current = this.pending;
		if (current != null) {
			emit(current);
		}
	}

	/**
	 * Emits the pending record and holds no line until {@link #hold()}: between the end of an
	 * invocation's flush and the next INVOKE, so that nothing is held while the sandbox is frozen.
	 */
	public synchronized void release() {
		close();
		this.holding = false;
	}

	/** Lines may be held for a continuation again. */
	public synchronized void hold() {
		this.holding = true;
	}

	/** Something that identifies the pending record in its present length, or {@code null} when none. */
	public synchronized @Nullable Object pendingToken() {
		Pending current = this.pending;
		return (current != null) ? current.token() : null;
	}

	/** Emits the pending record if it has not changed since {@link #pendingToken()} returned this token. */
	public synchronized void closeIfUnchanged(Object token) {
		Pending current = this.pending;
		if (current != null && current.token().equals(token)) {
			emit(current);
		}
	}

	private void emit(Pending current) {
		this.pending = null;
		this.out.accept(current.line());
		if (current.lines > 1) {
			this.metrics.lines(LineCount.JOINED, current.lines - 1L);
		}
	}

	/** The text of a line that would continue the pending trace, or {@code null}. */
	private static @Nullable String joinable(LogLine line, Pending pending) {
		if (!line.type().equals("function") || !line.record().isString()
				|| !java.util.Objects.equals(line.requestId(), pending.first.requestId())) {
			return null;
		}
		String text = LineParser.withoutNewline(line.record().stringValue());
		return pending.continuation.continues(text) ? text : null;
	}

	private static final class Pending {

		private final LogLine first;

		private final Continuation continuation;

		private final StringBuilder message;

		private final StringBuilder original;

		private int lines = 1;

		Pending(LogLine first) {
			this.first = first;
			String message = first.parsed().message();
			this.message = new StringBuilder((message != null) ? message : "");
			this.continuation = new Continuation(this.message.toString());
			this.original = new StringBuilder(first.record().stringValue());
		}

		void add(LogLine line, String text) {
			this.message.append('\n').append(text);
			this.original.append(line.record().stringValue());
			this.lines++;
		}

		Token token() {
			return new Token(this, this.lines);
		}

		LogLine line() {
			if (this.lines == 1) {
				return this.first;
			}
			ParsedLine parsed = this.first.parsed();
			String level = (parsed.level() != null) ? parsed.level() : "ERROR";
			return new LogLine(this.first.epochMicros(), this.first.type(), StringNode.valueOf(this.original.toString()),
					parsed.joined(this.message.toString(), level), this.first.requestId());
		}

	}

	private record Token(Pending pending, int lines) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Token token && token.pending == this.pending && token.lines == this.lines;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.pending) * 31 + this.lines;
		}

	}

}
