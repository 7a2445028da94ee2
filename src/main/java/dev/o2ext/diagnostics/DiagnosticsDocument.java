package dev.o2ext.diagnostics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.buffer.QueueStats;
import dev.o2ext.lifecycle.ExtensionStatus;
import dev.o2ext.metrics.Discard;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.LaneCounters;
import dev.o2ext.metrics.LineCount;
import dev.o2ext.metrics.Redaction;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.otlp.Refusal;
import dev.o2ext.otlp.SignalSnapshot;

/**
 * Builds the diagnostics document from the log lane's queue, the counters and the extension's status.
 * It holds counts, states and the last error's description and time, never a header, a body or
 * a record. Thread-safe.
 */
public final class DiagnosticsDocument {

	private final BoundedQueue<byte[]> buffer;

	private final InMemoryPipelineMetrics metrics;

	private final ExtensionStatus status;

	private final String version;

	private final OtlpRelay otlp;

	private final long startNanos = System.nanoTime();

	/**
	 * @param otlp the OpenTelemetry relay, whose counters per signal and receiver state (also when
	 * {@code O2_OTLP_ENABLED=false}: {@code disabled}) form the {@code otlp} section
	 */
	public DiagnosticsDocument(BoundedQueue<byte[]> buffer, InMemoryPipelineMetrics metrics, ExtensionStatus status,
			String version, OtlpRelay otlp) {
		this.buffer = buffer;
		this.metrics = metrics;
		this.status = status;
		this.version = version;
		this.otlp = otlp;
	}

	/** The document as nested maps, ready for JSON. */
	public Map<String, Object> build() {
		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		LaneCounters.Snapshot logs = snapshot.logs();
		QueueStats stats = this.buffer.stats();
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put("version", this.version);
		doc.put("uptimeMs", Duration.ofNanos(System.nanoTime() - this.startNanos).toMillis());
		doc.put("subscription", this.status.subscription().key());
		doc.put("telemetryPort", this.status.telemetryPort());
		doc.put("invocations", snapshot.invocations());
		doc.put("buffer", Map.of("records", stats.count(), "bytes", stats.bytes(), "inFlightRecords",
				stats.inFlightCount(), "capacityBytes", stats.capacityBytes(), "highWaterBytes",
				stats.highWaterBytes(), "closed", stats.closed()));
		Map<String, Object> counters = new LinkedHashMap<>();
		counters.put("received", logs.received());
		counters.put("accepted", logs.accepted());
		counters.put("shipped", logs.shipped());
		counters.put("queued", stats.count());
		counters.put("retries", logs.retries());
		counters.put("unparsableBatches", snapshot.unparsableBatches());
		counters.put("droppedTotal", logs.droppedTotal());
		counters.put("dropped", keyed(logs.dropped(), DropReason::key));
		counters.put("failedAttempts", keyed(logs.failedAttempts(), FailureKind::key));
		counters.put("lines", keyed(snapshot.lines(), LineCount::key));
		counters.put("discarded", keyed(snapshot.discarded(), Discard::key));
		counters.put("redacted", keyed(snapshot.redacted(), Redaction::key));
		doc.put("counters", counters);
		doc.put("circuit", circuit(logs));
		doc.put("spill", spill(logs, stats));
		LaneCounters.Latencies latency = logs.flushLatency();
		doc.put("flush", Map.of("count", keyed(logs.flushes(), FlushTrigger::key), "window", latency.window(),
				"p50Ms", latency.p50Micros() / 1000.0, "p99Ms", latency.p99Micros() / 1000.0, "maxMs",
				latency.maxMicros() / 1000.0));
		InMemoryPipelineMetrics.LastError error = snapshot.lastError();
		doc.put("lastError", (error != null) ? Map.of("description", error.description(), "time",
				error.time().toString()) : null);
		doc.put("otlp", otlp(this.otlp.snapshot()));
		return doc;
	}

	private static Map<String, Object> otlp(OtlpRelay.Snapshot snapshot) {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("receiver", snapshot.receiver());
		section.put("port", snapshot.port());
		snapshot.signals().forEach((signal, counters) -> section.put(signal.key(), signal(counters)));
		return section;
	}

	private static Map<String, Object> signal(SignalSnapshot s) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("requests", s.requests());
		out.put("requestBytes", s.requestBytes());
		out.put("refusedRequests", keyed(s.refused(), Refusal::key));
		out.put("receivedItems", s.lane().received());
		out.put("acceptedItems", s.lane().accepted());
		out.put("forwardedItems", s.lane().shipped());
		out.put("rejectedByServer", s.lane().dropped().get(DropReason.REJECTED_BY_SERVER));
		out.put("queuedItems", s.queue().count());
		out.put("queuedBytes", s.queue().bytes());
		out.put("acceptedExports", s.lane().acceptedEntries());
		out.put("forwardedExports", s.lane().shippedEntries());
		out.put("sentRequests", s.lane().sentRequests());
		out.put("sentBytes", s.lane().sentBytes());
		out.put("retries", s.lane().retries());
		out.put("droppedItems", keyed(s.lane().dropped(), DropReason::key));
		out.put("failedAttempts", keyed(s.lane().failedAttempts(), FailureKind::key));
		out.put("circuit", circuit(s.lane()));
		out.put("spill", spill(s.lane(), s.queue()));
		return out;
	}

	/** A lane's circuit: {@code closed} or {@code open} (OpenObserve failing), how often it opened, probes made. */
	private static Map<String, Object> circuit(LaneCounters.Snapshot lane) {
		return Map.of("state", lane.circuitOpen() ? "open" : "closed", "openings", lane.circuitOpenings(), "probes",
				lane.circuitProbes());
	}

	/**
	 * A lane's spill to {@code /tmp}: items there now (or staged for it), its files and their
	 * bytes, items ever written, taken over from an earlier run, and failed writes or reads.
	 */
	private static Map<String, Object> spill(LaneCounters.Snapshot lane, QueueStats queue) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("items", queue.spilledCount());
		out.put("segments", queue.spilledSegments());
		out.put("bytes", queue.spilledBytes());
		out.put("spilled", lane.spilled());
		out.put("recovered", lane.recovered());
		out.put("failures", lane.spillFailures());
		return out;
	}

	private static <E extends Enum<E>> Map<String, Long> keyed(Map<E, Long> values,
			java.util.function.Function<E, String> key) {
		Map<String, Long> out = new LinkedHashMap<>();
		values.forEach((k, v) -> out.put(key.apply(k), v));
		return out;
	}

}
