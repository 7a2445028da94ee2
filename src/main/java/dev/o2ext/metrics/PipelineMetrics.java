package dev.o2ext.metrics;

/**
 * The counters of the whole pipeline: one {@link LaneCounters} per delivery lane, and the few
 * events that belong to no lane. Every layer reports here; the diagnostics endpoint and the
 * shutdown summary read {@link InMemoryPipelineMetrics}. Implementations are thread-safe: the
 * telemetry listener's event loop, the flush thread and the lifecycle thread call them
 * concurrently.
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

}
