package dev.o2ext.platformmetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one Telemetry API platform event, or SHUTDOWN's reason, into metric points. Names are
 * those of OpenObserve's own Lambda extension ({@code aws.lambda.enhanced.*}) where it has
 * them; the names it lacks follow the same scheme and are listed in {@code docs/metrics.md}.
 * Every count is a delta of 1 (or of the event's number) at the event's time; a value the
 * event does not carry gives no point. Stateless and thread-safe; never throws on odd input.
 */
public final class PlatformMetricDeriver {

	static final String PREFIX = "aws.lambda.enhanced.";

	/** The points of one event; empty for an event that carries no numbers. */
	public List<MetricPoint> derive(String type, JsonNode record, long epochMicros) {
		if (!record.isObject()) {
			return List.of();
		}
		long nanos = epochMicros * 1000;
		return switch (type) {
			case "platform.report" -> report(record, nanos);
			case "platform.runtimeDone" -> runtimeDone(record, nanos);
			case "platform.initReport" -> initReport(record, nanos);
			case "platform.logsDropped" -> logsDropped(record, nanos);
			default -> List.of();
		};
	}

	/** The points of a SHUTDOWN event: one shutdown with its reason, and a crash for {@code failure}. */
	public List<MetricPoint> shutdown(String reason, long epochNanos) {
		String normalized = reason.isEmpty() ? "unknown" : reason.toLowerCase(Locale.ROOT);
		List<MetricPoint> points = new ArrayList<>(2);
		points.add(count("shutdowns", 1, epochNanos, Map.of("reason", normalized)));
		if (normalized.equals("failure")) {
			points.add(count("crashes", 1, epochNanos, Map.of("reason", normalized)));
		}
		return points;
	}

	private static List<MetricPoint> report(JsonNode record, long nanos) {
		JsonNode metrics = record.path("metrics");
		String status = text(record, "status", "success");
		String errorType = text(record, "errorType", "");
		@Nullable Double init = number(metrics, "initDurationMs");
		Map<String, Object> attributes = invocation(record, status);
		attributes.put("faas.coldstart", init != null);
		List<MetricPoint> points = new ArrayList<>(16);
		gauge(points, "duration", "ms", number(metrics, "durationMs"), nanos, attributes);
		gauge(points, "billed_duration", "ms", number(metrics, "billedDurationMs"), nanos, attributes);
		gauge(points, "init_duration", "ms", init, nanos, attributes);
		gauge(points, "restore_duration", "ms", number(metrics, "restoreDurationMs"), nanos, attributes);
		@Nullable Double size = number(metrics, "memorySizeMB");
		@Nullable Double used = number(metrics, "maxMemoryUsedMB");
		gauge(points, "memory_size", "MBy", size, nanos, attributes);
		gauge(points, "max_memory_used", "MBy", used, nanos, attributes);
		if (size != null && used != null && size > 0) {
			gauge(points, "memory_utilization", "1", used / size, nanos, attributes);
		}
		gauge(points, "post_runtime_duration", "ms", span(record, "extensionOverhead"), nanos, attributes);
		points.add(count("invocations", 1, nanos, attributes));
		if (!status.equals("success")) {
			points.add(count("errors", 1, nanos, attributes));
		}
		if (status.equals("timeout")) {
			points.add(count("timeouts", 1, nanos, attributes));
		}
		if (errorType.contains("OutOfMemory") || (size != null && used != null && size > 0 && used >= size)) {
			points.add(count("out_of_memory", 1, nanos, attributes));
		}
		if (init != null) {
			points.add(count("cold_starts", 1, nanos, attributes));
		}
		return points;
	}

	private static List<MetricPoint> runtimeDone(JsonNode record, long nanos) {
		JsonNode metrics = record.path("metrics");
		Map<String, Object> attributes = invocation(record, text(record, "status", "success"));
		List<MetricPoint> points = new ArrayList<>(4);
		gauge(points, "runtime_duration", "ms", number(metrics, "durationMs"), nanos, attributes);
		gauge(points, "produced_bytes", "By", number(metrics, "producedBytes"), nanos, attributes);
		gauge(points, "response_latency", "ms", span(record, "responseLatency"), nanos, attributes);
		gauge(points, "response_duration", "ms", span(record, "responseDuration"), nanos, attributes);
		return points;
	}

	private static List<MetricPoint> initReport(JsonNode record, long nanos) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("phase", text(record, "phase", "init"));
		attributes.put("status", text(record, "status", "success"));
		attributes.put("initialization_type", text(record, "initializationType", "on-demand"));
		List<MetricPoint> points = new ArrayList<>(1);
		gauge(points, "init_phase_duration", "ms", number(record.path("metrics"), "durationMs"), nanos, attributes);
		return points;
	}

	private static List<MetricPoint> logsDropped(JsonNode record, long nanos) {
		Map<String, Object> attributes = Map.of("reason", text(record, "reason", "unknown"));
		@Nullable Double records = number(record, "droppedRecords");
		@Nullable Double bytes = number(record, "droppedBytes");
		List<MetricPoint> points = new ArrayList<>(2);
		if (records != null) {
			points.add(new MetricPoint(PREFIX + "logs_dropped.records", "1", MetricPoint.Kind.DELTA, records, nanos,
					nanos, attributes));
		}
		if (bytes != null) {
			points.add(new MetricPoint(PREFIX + "logs_dropped.bytes", "By", MetricPoint.Kind.DELTA, bytes, nanos,
					nanos, attributes));
		}
		return points;
	}

	private static Map<String, Object> invocation(JsonNode record, String status) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		String requestId = text(record, "requestId", "");
		if (!requestId.isEmpty()) {
			attributes.put("faas.invocation_id", requestId);
		}
		attributes.put("status", status);
		String errorType = text(record, "errorType", "");
		if (!errorType.isEmpty()) {
			attributes.put("error.type", errorType);
		}
		return attributes;
	}

	private static void gauge(List<MetricPoint> points, String name, String unit, @Nullable Double value, long nanos,
			Map<String, Object> attributes) {
		if (value != null) {
			points.add(new MetricPoint(PREFIX + name, unit, MetricPoint.Kind.GAUGE, value, 0, nanos, attributes));
		}
	}

	private static MetricPoint count(String name, long value, long nanos, Map<String, Object> attributes) {
		return new MetricPoint(PREFIX + name, "1", MetricPoint.Kind.DELTA, value, nanos, nanos, attributes);
	}

	private static @Nullable Double span(JsonNode record, String name) {
		for (JsonNode span : record.path("spans")) {
			if (name.equals(span.path("name").asString(""))) {
				return number(span, "durationMs");
			}
		}
		return null;
	}

	private static @Nullable Double number(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (!value.isNumber()) {
			return null;
		}
		double number = value.asDouble();
		return (Double.isFinite(number) && number >= 0) ? number : null;
	}

	private static String text(JsonNode node, String field, String fallback) {
		JsonNode value = node.path(field);
		return (value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : fallback;
	}

}
