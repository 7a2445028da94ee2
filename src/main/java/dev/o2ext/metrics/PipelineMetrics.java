package dev.o2ext.metrics;

/**
 * The counters of the whole pipeline: one {@link LaneCounters} per delivery lane, and the few
 * events that belong to no lane (what the log ingest leaves out, redacts or joins before its
 * lane). Every layer reports here; the diagnostics endpoint and the shutdown summary read
 * {@link InMemoryPipelineMetrics}. Implementations are thread-safe: the telemetry listener's
 * event loop, the flush thread and the lifecycle thread call them concurrently.
 *
 * <p>The accounting invariant of the log lane, which tests assert: {@code accepted = shipped +
 * dropped after acceptance + still queued} (queued includes batches in flight), and
 * {@code received = accepted + dropped at ingest + discarded} (filtered or sampled out on purpose).
 */
public interface PipelineMetrics {

	/** The name of the function's log lane. */
	String LOGS = "logs";

	/** The counters of the named lane, created on first use; the same instance for the same name. */
	LaneCounters lane(String name);

	/** The counters of the function's log lane. */
	default LaneCounters logs() {
		return lane(LOGS);
	}

	/** A Telemetry API batch that could not be parsed at all (answered 200 all the same). */
	void unparsableBatch();

	/** An INVOKE event was received. */
	void invocation();

	/** The most recent error, shown in diagnostics; the description must hold no secret or body. */
	void error(String description);

	/**
	 * Log records left out on purpose before their lane (filtering, sampling); the caller counts
	 * them as received in the log lane too. Default: not counted.
	 */
	default void discarded(Discard reason, long records) {
	}

	/** Values replaced by a redaction preset (one per match). Default: not counted. */
	default void redacted(Redaction preset, long values) {
	}

	/**
	 * Lines that were parsed or joined in a way worth knowing ({@link LineCount}); a line counted
	 * here still becomes (part of) a record. Default: not counted.
	 */
	default void lines(LineCount what, long lines) {
	}

}
