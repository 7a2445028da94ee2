package dev.o2ext.telemetry;

import java.util.ArrayList;
import java.util.List;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.LogSettings;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.lifecycle.InvocationTracker;
import dev.o2ext.lifecycle.LineHolding;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.records.InvocationContext;
import dev.o2ext.records.LineParser;
import dev.o2ext.records.LineTimer;
import dev.o2ext.records.LogLine;
import dev.o2ext.records.ParsedLine;
import dev.o2ext.records.RecordStage;
import dev.o2ext.records.SandboxContext;
import dev.o2ext.records.Stitcher;
import dev.o2ext.records.SubMillisecondOrder;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handles one Telemetry API batch: parses the JSON array, turns every event into a structured
 * record and offers it to the log lane's queue (which counts it, refusals by reason); then tells the tracker about
 * {@code platform.runtimeDone} and {@code platform.report} events — after the whole batch is
 * buffered, so that a flush started by runtimeDone includes the lines that came with it.
 * Batches are not chronological, so the batch's {@code platform.start} events are read first:
 * a line then belongs to the request that had started when it was written (except where
 * invocations overlap: there only a record's own request id attributes it).
 *
 * <p>Function and extension lines are parsed ({@link LineParser}), joined into one record per
 * stack trace ({@link Stitcher}; the last line of a batch may be held until the next batch, the
 * timer or {@link #release()}), get a sub-millisecond place ({@link SubMillisecondOrder}) and the
 * invocation's context. Every record passes the {@link RecordStage} just before it is serialized
 * ({@link #emit}): the one place that sees each final record.
 *
 * <p>Never throws, never blocks on I/O, never logs per record (our own output would come back
 * as {@code extension} events). Called from the listener's event loop.
 */
public final class TelemetryIngest implements LineHolding {

	/** Most lines one joined stack trace may have. */
	static final int MAX_JOINED_LINES = 1000;

	private final JsonMapper mapper;

	private final RecordMapper records;

	private final BoundedQueue<byte[]> buffer;

	private final InvocationTracker tracker;

	private final FlushCoordinator flushes;

	private final PipelineMetrics metrics;

	private final boolean attributeByTime;

	private final Tap tap;

	private final Lines lines;

	private final LineParser parser;

	private final Stitcher stitcher;

	/** Whether stack traces are joined: switched on, and invocations do not overlap (a text line names none). */
	private final boolean joining;

	private final SubMillisecondOrder order = new SubMillisecondOrder();

	/** The context last built, with what it was built from: most records of a batch share it. */
	private volatile @Nullable CachedContext lastContext;

	public TelemetryIngest(JsonMapper mapper, RecordMapper records, BoundedQueue<byte[]> buffer, InvocationTracker tracker,
			FlushCoordinator flushes, PipelineMetrics metrics) {
		this(mapper, records, buffer, tracker, flushes, metrics, true, Tap.NONE, Lines.DEFAULTS);
	}

	/**
	 * @param attributeByTime whether a line without its own request id goes to the request that had
	 *        started when it was written; false where invocations overlap (Lambda Managed
	 *        Instances), because there the time names no single request
	 * @param tap told about every event as it is mapped (the platform metrics)
	 * @param lines how lines are parsed and joined, and the stage before serialization
	 */
	public TelemetryIngest(JsonMapper mapper, RecordMapper records, BoundedQueue<byte[]> buffer, InvocationTracker tracker,
			FlushCoordinator flushes, PipelineMetrics metrics, boolean attributeByTime, Tap tap, Lines lines) {
		this.attributeByTime = attributeByTime;
		this.tap = tap;
		this.mapper = mapper;
		this.records = records;
		this.buffer = buffer;
		this.tracker = tracker;
		this.flushes = flushes;
		this.metrics = metrics;
		this.lines = lines;
		this.parser = new LineParser(lines.settings(), metrics);
		this.stitcher = new Stitcher(MAX_JOINED_LINES, lines.maxJoinedChars(), metrics, this::emitLine);
		this.joining = lines.settings().multiline() && attributeByTime;
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
		SandboxContext sandbox = this.records.assembler().sandbox();
		for (JsonNode event : events) {
			String type = event.path("type").asString("");
			JsonNode record = event.path("record");
			switch (type) {
				case "platform.start" -> {
					String started = LineParser.ownRequestId(record);
					if (started != null) {
						this.tracker.started(started, RecordMapper.epochMicros(event.path("time").asString(null), now),
								record.path("tracing").path("value").asString(null));
					}
					sandbox.functionArn(record.path("functionArn").asString(null));
				}
				case "platform.initRuntimeDone" ->
					this.tracker.initDone(RecordMapper.epochMicros(event.path("time").asString(null), now));
				case "platform.initStart" -> sandbox.initStart(record);
				default -> {
				}
			}
		}
		List<String> done = new ArrayList<>(1);
		List<String> reports = new ArrayList<>(1);
		for (JsonNode event : events) {
			String type = event.path("type").asString("unknown");
			JsonNode record = event.path("record");
			long micros = RecordMapper.epochMicros(event.path("time").asString(null), now);
			long placed = this.order.next(micros);
			if (type.equals("function") || type.equals("extension")) {
				ParsedLine parsed = this.parser.parse(record);
				String requestId = (parsed.requestId() != null) ? parsed.requestId() : attributed(micros);
				LogLine line = new LogLine(placed, type, record, parsed, requestId);
				if (this.joining) {
					this.stitcher.accept(line);
				}
				else {
					emitLine(line);
				}
			}
			else {
				this.stitcher.close(); // only consecutive lines are joined; the buffer keeps the order of arrival
				String requestId = LineParser.ownRequestId(record);
				if (requestId != null && type.equals("platform.runtimeDone")) {
					done.add(requestId);
				}
				else if (requestId != null && type.equals("platform.report")) {
					reports.add(requestId);
				}
				InvocationContext invocation = invocation(requestId);
				emit(this.records.assembler().platform(placed, type, record, requestId, invocation), invocation);
			}
			this.tap.event(type, record, micros);
		}
		Object held = this.stitcher.pendingToken();
		if (held != null) {
			this.lines.timer().after(this.lines.settings().multilineTimeout(), () -> {
				this.stitcher.closeIfUnchanged(held);
				this.flushes.onBuffered();
			});
		}
		done.forEach(this.tracker::runtimeDone);
		reports.forEach(this.tracker::reported);
		this.flushes.onBuffered();
	}

	/** Emits every held line into the buffer and holds none until {@link #hold()}. Any thread. */
	@Override
	public void release() {
		this.stitcher.release();
	}

	@Override
	public void hold() {
		this.stitcher.hold();
	}

	private void emitLine(LogLine line) {
		String phase = this.attributeByTime ? ((line.requestId() == null) ? "init" : "invoke") : null;
		InvocationContext invocation = invocation(line.requestId());
		emit(this.records.assembler().line(line, invocation, phase), invocation);
	}

	/** The seam: every final record passes the stage here, is serialized and offered to the buffer. */
	private void emit(ObjectNode record, @Nullable InvocationContext invocation) {
		ObjectNode kept = this.lines.stage().apply(record);
		if (kept == null) {
			// the stage counted why: received = accepted + dropped at ingest + discarded
			this.metrics.logs().received(1);
			return;
		}
		// the queue counts it: received, and accepted or dropped with the reason
		this.buffer.offer(this.records.toJson(kept, invocation));
	}

	private @Nullable String attributed(long micros) {
		return this.attributeByTime ? this.tracker.requestIdAt(micros) : null;
	}

	private @Nullable InvocationContext invocation(@Nullable String requestId) {
		if (requestId == null) {
			return null;
		}
		InvocationTracker.Invocation known = this.tracker.invocation(requestId);
		if (known == null) {
			return null;
		}
		CachedContext cached = this.lastContext;
		if (cached != null && cached.from() == known) {
			return cached.context();
		}
		InvocationContext context = new InvocationContext(requestId, known.traceHeader(), known.invokedArn(),
				known.coldStart());
		this.lastContext = new CachedContext(known, context);
		return context;
	}

	private record CachedContext(InvocationTracker.Invocation from, InvocationContext context) {
	}

	/**
	 * How lines become records.
	 * @param settings parsing and joining switches
	 * @param timer closes a line held at the end of a batch after {@link LogSettings#multilineTimeout()}
	 * @param stage the last stage before serialization
	 * @param maxJoinedChars most characters of one joined stack trace's message, well within one batch
	 */
	public record Lines(LogSettings settings, LineTimer timer, RecordStage stage, int maxJoinedChars) {

		/** The default bound of a joined stack trace. */
		public static final int MAX_JOINED_CHARS = 128 * 1024;

		/** Everything on, no timer (a held line waits for the next line or {@link TelemetryIngest#release()}). */
		public static final Lines DEFAULTS = new Lines(LogSettings.DEFAULTS, LineTimer.NEVER, RecordStage.NONE,
				MAX_JOINED_CHARS);

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
