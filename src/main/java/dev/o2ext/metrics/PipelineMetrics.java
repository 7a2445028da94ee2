package dev.o2ext.metrics;

import java.time.Duration;

/**
 * The counters of the whole pipeline; every layer reports here, the diagnostics endpoint reads
 * {@link InMemoryPipelineMetrics}. Implementations are thread-safe: the telemetry listener's
 * event loop, the shipping thread and the lifecycle thread call them concurrently.
 *
 * <p>The accounting invariant, which tests assert: {@code accepted = shipped + dropped after
 * acceptance + still buffered} (buffered includes batches in flight), and {@code received =
 * accepted + dropped at ingest + discarded} (filtered or sampled out on purpose).
 */
public interface PipelineMetrics {

	/** Records parsed from Telemetry API batches (or other sources), before filtering and the buffer. */
	void received(long records);

	/**
	 * Records left out on purpose before the buffer (filtering, sampling). Only the Telemetry API's
	 * records are filtered, so other sources need not implement it.
	 */
	default void discarded(Discard reason, long records) {
	}

	/** Values replaced by a redaction preset (one per match). Only the Telemetry API's records are redacted. */
	default void redacted(Redaction preset, long values) {
	}

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
