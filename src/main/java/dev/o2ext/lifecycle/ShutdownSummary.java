package dev.o2ext.lifecycle;

import java.util.Map;
import java.util.stream.Collectors;

import dev.o2ext.metrics.Discard;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.InMemoryPipelineMetrics;

/**
 * Prints the one line the extension writes at shutdown: what was delivered, what was left out on
 * purpose (filtered, sampled out; only when something was) and, by reason, what was lost. Written to standard output so that it reaches CloudWatch even when OpenObserve
 * is the thing that failed.
 */
public final class ShutdownSummary {

	private final InMemoryPipelineMetrics metrics;

	public ShutdownSummary(InMemoryPipelineMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * The summary line.
	 * @param reason the shutdown reason
	 * @param inFlight records in a request that had not ended at exit (outcome unknown)
	 * @param more what other flushables add (the OpenTelemetry relay's counts), may be empty
	 */
	public String line(String reason, long inFlight, String more) {
		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		String drops = snapshot.dropped().entrySet().stream().filter((e) -> e.getValue() > 0)
			.map((Map.Entry<DropReason, Long> e) -> e.getKey().key() + "=" + e.getValue())
			.collect(Collectors.joining(" "));
		String discards = snapshot.discarded().entrySet().stream().filter((e) -> e.getValue() > 0)
			.map((Map.Entry<Discard, Long> e) -> e.getKey().key() + "=" + e.getValue())
			.collect(Collectors.joining(" "));
		return "o2-lambda-extension shutdown (" + reason + "): invocations=" + snapshot.invocations() + " received="
				+ snapshot.received() + " shipped=" + snapshot.shipped() + " not_delivered=" + snapshot.droppedTotal()
				+ (drops.isEmpty() ? "" : " (" + drops + ")") + ((inFlight > 0) ? " in_flight_at_exit=" + inFlight : "")
				+ (discards.isEmpty() ? "" : " discarded=" + snapshot.discardedTotal() + " (" + discards + ")")
				+ (more.isEmpty() ? "" : " " + more);
	}

	void print(String reason, long inFlight, String more) {
		System.out.println(line(reason, inFlight, more));
		System.out.flush();
	}

}
