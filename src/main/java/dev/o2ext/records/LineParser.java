package dev.o2ext.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.o2ext.config.LogSettings;
import dev.o2ext.metrics.LineCount;
import dev.o2ext.metrics.PipelineMetrics;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Parses one function or extension line: Lambda's text prefix into level, request id and message,
 * then a JSON object — received as an object, or printed as text (after the prefix or alone) —
 * into fields. Well-known keys are normalised: {@code level}/{@code severity}/{@code log_level}/
 * {@code levelname} → {@code level}; {@code message}/{@code msg} → {@code message};
 * {@code requestId}/{@code AWSRequestId} → the request id; {@code trace_id}/{@code traceId} and
 * {@code span_id}/{@code spanId} → the correlation ids. Other keys are flattened the way
 * OpenObserve flattens and named as it names columns ({@link LineFields}, {@link Columns}); a
 * key named like one of our columns is stored as {@code log_<column>}, and no name is used twice.
 *
 * <p>A value is lifted into our columns only when it has their shape: a level we know
 * ({@link Levels}), a trace id of 32 and a span id of 16 hex digits, not all zeros
 * ({@link TraceIds}), a request id without blanks ({@link RequestIds}). Our columns are context
 * and never redacted; anything else under those keys — the prefix's request id too — stays the
 * line's content, under the renamed key ({@code trace_id} → {@code log_trace_id}).
 *
 * <p>One line makes at most {@value LineFields#MAX_FIELDS} columns; further keys are kept together
 * as JSON text in {@code log_more} (counted as {@link LineCount#FIELDS_CAPPED}).
 *
 * <p>Text that looks like a JSON object but is not valid JSON, is longer than
 * {@link LogSettings#maxJsonBytes()} or nested deeper than {@value #MAX_DEPTH} stays text and is
 * counted ({@link LineCount}). Thread-safe; called on the listener's event loop.
 */
public final class LineParser {

	/** Nesting the parser accepts in a line; OpenObserve keeps only three levels as columns anyway. */
	static final int MAX_DEPTH = 32;

	/** Where a prefix's request id that has not the shape of one is kept (the line's content). */
	private static final String REFUSED_ID = "log_requestid";

	private final LogSettings settings;

	private final PipelineMetrics metrics;

	private final JsonMapper lines;

	public LineParser(LogSettings settings, PipelineMetrics metrics) {
		this.settings = settings;
		this.metrics = metrics;
		this.lines = JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
			.build()).build();
	}

	/** Parses a line as the Telemetry API delivered it: a string (with its newline) or an object. */
	public ParsedLine parse(JsonNode record) {
		if (record.isObject()) {
			if (!this.settings.parseJson()) {
				return new ParsedLine(null, null, null, ownRequestId(record), null, null, false, false);
			}
			return fields((ObjectNode) record, null, null, null, true);
		}
		String text = withoutNewline(record.isString() ? record.stringValue() : record.toString());
		String level = null;
		String requestId = null;
		String message = text;
		if (this.settings.parseText()) {
			TextPrefix prefix = TextPrefix.parse(text);
			if (prefix != null) {
				level = prefix.level();
				requestId = prefix.requestId();
				message = prefix.message();
			}
		}
		String refusedId = null;
		if (requestId != null && !RequestIds.isRequestId(requestId)) {
			refusedId = requestId; // the line's content, kept as log_requestid
			requestId = null;
		}
		if (this.settings.parseJson() && looksLikeObject(message)) {
			ObjectNode object = readObject(message);
			if (object != null) {
				return fields(object, level, requestId, refusedId, false);
			}
		}
		ObjectNode fields = null;
		if (refusedId != null) {
			LineFields columns = new LineFields(this.lines);
			columns.add(REFUSED_ID, StringNode.valueOf(refusedId));
			fields = columns.columns();
		}
		return new ParsedLine(level, message, fields, requestId, null, null, false, false);
	}

	private @Nullable ObjectNode readObject(String text) {
		if (text.length() > this.settings.maxJsonBytes()) {
			this.metrics.lines(LineCount.JSON_TOO_LARGE, 1);
			return null;
		}
		try {
			JsonNode node = this.lines.readTree(text);
			return (node instanceof ObjectNode object) ? object : null;
		}
		catch (StreamConstraintsException ex) {
			this.metrics.lines(LineCount.JSON_TOO_DEEP, 1);
			return null;
		}
		catch (JacksonException ex) {
			this.metrics.lines(LineCount.JSON_INVALID, 1);
			return null;
		}
	}

	/**
	 * @param level the prefix's level, replaced by the object's own
	 * @param requestId the prefix's request id, replaced by the object's own
	 * @param refusedId the prefix's request id when it has not the shape of one, kept as a field
	 * @param received whether the object arrived as an object (else it was printed as text)
	 */
	private ParsedLine fields(ObjectNode object, @Nullable String level, @Nullable String requestId,
			@Nullable String refusedId, boolean received) {
		LineFields columns = new LineFields(this.lines);
		List<Map.Entry<String, JsonNode>> ours = null;
		String message = null;
		String traceId = null;
		String spanId = null;
		String ownLevel = null;
		String ownRequestId = null;
		for (var entry : object.properties()) {
			String key = entry.getKey();
			JsonNode value = entry.getValue();
			switch (key) {
				case "level", "severity", "log_level", "levelname", "Level", "LEVEL", "Severity", "severityText" -> {
					String normalised = Levels.of(value);
					if (normalised != null && ownLevel == null) {
						ownLevel = normalised;
						continue;
					}
				}
				case "message", "msg", "Message" -> {
					if (value.isValueNode() && !value.isNull() && message == null) {
						message = value.asString();
						continue;
					}
				}
				case "requestId", "AWSRequestId", "requestid", "request_id" -> {
					if (value.isString() && ownRequestId == null && RequestIds.isRequestId(value.stringValue())) {
						ownRequestId = value.stringValue();
						continue;
					}
				}
				case "trace_id", "traceId", "traceid", "TraceId" -> {
					if (value.isString() && traceId == null) {
						traceId = TraceIds.lineTraceId(value.stringValue());
						if (traceId != null) {
							continue;
						}
					}
				}
				case "span_id", "spanId", "spanid", "SpanId" -> {
					if (value.isString() && spanId == null) {
						spanId = TraceIds.lineSpanId(value.stringValue());
						if (spanId != null) {
							continue;
						}
					}
				}
				default -> {
				}
			}
			String column = Columns.of(key);
			if (Columns.RESERVED.contains(column)) {
				if (ours == null) {
					ours = new ArrayList<>(2);
				}
				ours.add(Map.entry("log_" + column, value)); // after the line's own names: a real log_<column> keeps its own
			}
			else {
				columns.add(column, value);
			}
		}
		if (ours != null) {
			ours.forEach((renamed) -> columns.add(renamed.getKey(), renamed.getValue()));
		}
		if (refusedId != null) {
			columns.add(REFUSED_ID, StringNode.valueOf(refusedId));
		}
		if (columns.capped()) {
			this.metrics.lines(LineCount.FIELDS_CAPPED, 1);
		}
		return new ParsedLine((ownLevel != null) ? ownLevel : level, message, columns.columns(),
				(ownRequestId != null) ? ownRequestId : requestId, traceId, spanId, received, true);
	}

	/**
	 * The request id an object names itself: {@code requestId}, or the Java runtime's
	 * {@code AWSRequestId}, when it has the shape of one ({@link RequestIds}).
	 */
	public static @Nullable String ownRequestId(JsonNode record) {
		if (!record.isObject()) {
			return null;
		}
		String id = requestId(record.get("requestId"));
		return (id != null) ? id : requestId(record.get("AWSRequestId"));
	}

	private static @Nullable String requestId(@Nullable JsonNode id) {
		return (id != null && id.isString() && RequestIds.isRequestId(id.stringValue())) ? id.stringValue() : null;
	}

	static String withoutNewline(String line) {
		int end = line.length();
		if (end > 0 && line.charAt(end - 1) == '\n') {
			end--;
			if (end > 0 && line.charAt(end - 1) == '\r') {
				end--;
			}
		}
		return (end == line.length()) ? line : line.substring(0, end);
	}

	private static boolean looksLikeObject(String text) {
		int start = 0;
		int end = text.length() - 1;
		while (start <= end && Character.isWhitespace(text.charAt(start))) {
			start++;
		}
		while (end > start && Character.isWhitespace(text.charAt(end))) {
			end--;
		}
		return end > start && text.charAt(start) == '{' && text.charAt(end) == '}';
	}

}
