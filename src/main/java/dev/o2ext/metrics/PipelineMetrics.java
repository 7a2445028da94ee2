package dev.o2ext.metrics;

import java.time.Duration;

/**
 * The counters of the whole pipeline; every layer reports here, the diagnostics endpoint reads
 * {@link InMemoryPipelineMetrics}. Implementations are thread-safe: the telemetry listener's
 * event loop, the shipping thread and the lifecycle thread call them concurrently.
 *
 * <p>The accounting invariant, which tests assert: {@code accepted = shipped + dropped after
 * acceptance + still buffered} (buffered includes batches in flight), and {@code received =
 * accepted + dropped at ingest}.
 */
public interface PipelineMetrics {

	/** Records parsed from Telemetry API batches (or other sources) and offered to the buffer. */
	void received(long records);

	/** Records the buffer took. */
	void accepted(long records);

	/** Records OpenObserve confirmed as stored. */
	void shipped(long records);

	/** Records lost, with the reason. */
	void dropped(DropReason reason, long records);

	/** A batch is about to be attempted again. */
	void retried();

	/** One attempt failed. */
	void attemptFailed(FailureKind kind);

	/** A Telemetry API batch that could not be parsed at all (answered 200 all the same). */
	void unparsableBatch();

	/**
	 * Lines that were parsed or joined in a way worth knowing ({@link LineCount}); a line counted
	 * here still becomes (part of) a record. Default: not counted.
	 */
	default void lines(LineCount what, long lines) {
	}

	/** A flush ended. */
	void flushed(FlushTrigger trigger, Duration took);

	/** An INVOKE event was received. */
	void invocation();

	/** The most recent error, shown in diagnostics; the description must hold no secret or body. */
	void error(String description);

}
