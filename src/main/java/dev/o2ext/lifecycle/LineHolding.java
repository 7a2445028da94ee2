package dev.o2ext.lifecycle;

/**
 * The telemetry listener may hold the last line it received for a moment, to join it with the
 * frames of a stack trace that follow in the next batch. The lifecycle releases every held line
 * before each flush after which the sandbox may freeze (init, the end of an invocation,
 * shutdown) and allows holding again when an invocation begins, so that nothing is held across
 * an invocation's next (after Init's flush holding goes on: the function's Init may still be
 * printing, and what it prints waits for the first invocation in any case). Called from the lifecycle thread; implementations are thread-safe.
 */
public interface LineHolding {

	/** An invocation began: lines may be held again. */
	void hold();

	/** Emits every held line into the buffer now and holds none until {@link #hold()}. */
	void release();

}
