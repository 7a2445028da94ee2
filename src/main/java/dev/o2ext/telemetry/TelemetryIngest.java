package dev.o2ext.telemetry;

import java.util.ArrayList;
import java.util.List;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.lifecycle.InvocationTracker;
import dev.o2ext.metrics.PipelineMetrics;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles one Telemetry API batch: parses the JSON array, maps every event to a record, offers
 * it to the log lane's queue (which counts it, refusals by reason); then tells the tracker about
 * {@code platform.runtimeDone} and {@code platform.report} events — after the whole batch is
 * buffered, so that a flush started by runtimeDone includes the lines that came with it.
 * Batches are not chronological, so the batch's {@code platform.start} events are read first:
 * a line then belongs to the request that had started when it was written (except where
 * invocations overlap: there only a record's own request id attributes it).
 *
 * <p>Never throws, never blocks on I/O, never logs per record (our own output would come back
 * as {@code extension} events). Called from the listener's event loop.
 */
public final class TelemetryIngest {

	private final JsonMapper mapper;

	private final RecordMapper records;

	private final BoundedQueue<byte[]> buffer;

	private final InvocationTracker tracker;

	private final FlushCoordinator flushes;

	private final PipelineMetrics metrics;

	private final boolean attributeByTime;

	private final Tap tap;

	public TelemetryIngest(JsonMapper mapper, RecordMapper records, BoundedQueue<byte[]> buffer, InvocationTracker tracker,
			FlushCoordinator flushes, PipelineMetrics metrics) {
		this(mapper, records, buffer, tracker, flushes, metrics, true, Tap.NONE);
	}

	/**
	 * @param attributeByTime whether a line without its own request id goes to the request that had
	 *        started when it was written; false where invocations overlap (Lambda Managed
	 *        Instances), because there the time names no single request
	 * @param tap told about every event as it is mapped (the platform metrics)
	 */
	public TelemetryIngest(JsonMapper mapper, RecordMapper records, BoundedQueue<byte[]> buffer, InvocationTracker tracker,
			FlushCoordinator flushes, PipelineMetrics metrics, boolean attributeByTime, Tap tap) {
		this.attributeByTime = attributeByTime;
		this.tap = tap;
		this.mapper = mapper;
		this.records = records;
		this.buffer = buffer;
		this.tracker = tracker;
		this.flushes = flushes;
		this.metrics = metrics;
	}

	/** Ingests one request body; a body that is not a JSON array is counted and ignored. */
	public void accept(byte[] body) {
		JsonNode events;
		try {
			events = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			this.metrics.unparsableBatch();
			return;
		}
		if (!events.isArray()) {
			this.metrics.unparsableBatch();
			return;
		}
		long now = System.currentTimeMillis() * 1000;
		for (JsonNode event : events) {
			if (event.path("type").asString("").equals("platform.start")) {
				String started = RecordMapper.ownRequestId(event.path("record"));
				if (started != null) {
					this.tracker.started(started, RecordMapper.epochMicros(event.path("time").asString(null), now));
				}
			}
		}
		List<String> done = new ArrayList<>(1);
		List<String> reports = new ArrayList<>(1);
		for (JsonNode event : events) {
			String type = event.path("type").asString("unknown");
			JsonNode record = event.path("record");
			long micros = RecordMapper.epochMicros(event.path("time").asString(null), now);
			String requestId = requestId(type, record, micros);
			if (requestId != null && type.equals("platform.runtimeDone")) {
				done.add(requestId);
			}
			else if (requestId != null && type.equals("platform.report")) {
				reports.add(requestId);
			}
			// the queue counts it: received, and accepted or dropped with the reason
			this.buffer.offer(this.records.toJson(micros, type, record, requestId));
			this.tap.event(type, record, micros);
		}
		done.forEach(this.tracker::runtimeDone);
		reports.forEach(this.tracker::reported);
		this.flushes.onBuffered();
	}

	private @Nullable String requestId(String type, JsonNode record, long micros) {
		String own = RecordMapper.ownRequestId(record);
		if (own != null) {
			return own;
		}
		return (this.attributeByTime && (type.equals("function") || type.equals("extension")))
				? this.tracker.requestIdAt(micros) : null;
	}

	/** Sees every event of a batch on the listener's thread; must not block or throw. */
	@FunctionalInterface
	public interface Tap {

		/** Taps nothing. */
		Tap NONE = (type, record, epochMicros) -> {
		};

		/** One event, with its time in epoch microseconds. */
		void event(String type, JsonNode record, long epochMicros);

	}

}
