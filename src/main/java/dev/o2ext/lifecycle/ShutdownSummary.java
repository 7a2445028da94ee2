package dev.o2ext.lifecycle;

import java.util.Map;
import java.util.stream.Collectors;

import dev.o2ext.metrics.Discard;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.LaneCounters;
import dev.o2ext.metrics.PipelineMetrics;

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
	 * @param more what the other lanes add ({@link #otlp()}), may be empty
	 */
	public String line(String reason, long inFlight, String more) {
		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		LaneCounters.Snapshot logs = snapshot.logs();
		String drops = logs.dropped().entrySet().stream().filter((e) -> e.getValue() > 0)
			.map((Map.Entry<DropReason, Long> e) -> e.getKey().key() + "=" + e.getValue())
			.collect(Collectors.joining(" "));
		String discards = snapshot.discarded().entrySet().stream().filter((e) -> e.getValue() > 0)
			.map((Map.Entry<Discard, Long> e) -> e.getKey().key() + "=" + e.getValue())
			.collect(Collectors.joining(" "));
		return "o2-lambda-extension shutdown (" + reason + "): invocations=" + snapshot.invocations() + " received="
				+ logs.received() + " shipped=" + logs.shipped() + " not_delivered=" + logs.droppedTotal()
				+ (drops.isEmpty() ? "" : " (" + drops + ")") + ((inFlight > 0) ? " in_flight_at_exit=" + inFlight : "")
				+ (discards.isEmpty() ? "" : " discarded=" + snapshot.discardedTotal() + " (" + discards + ")")
				+ (more.isEmpty() ? "" : " " + more) + circuits(snapshot) + spills(snapshot);
	}

	/** What went through the spill to /tmp, over every lane; empty when nothing did. */
	private static String spills(InMemoryPipelineMetrics.Snapshot snapshot) {
		long spilled = snapshot.lanes().values().stream().mapToLong(LaneCounters.Snapshot::spilled).sum();
		long recovered = snapshot.lanes().values().stream().mapToLong(LaneCounters.Snapshot::recovered).sum();
		long failures = snapshot.lanes().values().stream().mapToLong(LaneCounters.Snapshot::spillFailures).sum();
		if (spilled + recovered + failures == 0) {
			return "";
		}
		return " spilled=" + spilled + ((recovered > 0) ? " recovered=" + recovered : "")
				+ ((failures > 0) ? " spill_failures=" + failures : "");
	}

	/** The lanes whose circuit opened, and those still open at exit; empty when none ever opened. */
	private static String circuits(InMemoryPipelineMetrics.Snapshot snapshot) {
		long openings = snapshot.lanes().values().stream().mapToLong(LaneCounters.Snapshot::circuitOpenings).sum();
		if (openings == 0) {
			return "";
		}
		String open = snapshot.lanes().entrySet().stream().filter((lane) -> lane.getValue().circuitOpen())
			.map(Map.Entry::getKey).collect(Collectors.joining(","));
		return " circuit_openings=" + openings + (open.isEmpty() ? "" : " circuit_open=" + open);
	}

	/** The OpenTelemetry lanes' part of the line, empty while they have seen nothing. */
	String otlp() {
		long forwarded = 0;
		long dropped = 0;
		for (Map.Entry<String, LaneCounters.Snapshot> lane : this.metrics.snapshot().lanes().entrySet()) {
			if (!lane.getKey().equals(PipelineMetrics.LOGS)) {
				forwarded += lane.getValue().shipped();
				dropped += lane.getValue().droppedTotal();
			}
		}
		return (forwarded + dropped == 0) ? "" : "otlp_forwarded=" + forwarded + " otlp_not_delivered=" + dropped;
	}

	void print(String reason, long inFlight) {
		System.out.println(line(reason, inFlight, otlp()));
		System.out.flush();
	}

}
