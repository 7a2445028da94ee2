package dev.o2ext.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The records of the {@code platform.*} events, shaped like the AWS captures in the fixtures. */
final class PlatformRecords {

    private final SimulatorConfig config;

    PlatformRecords(SimulatorConfig config) {
        this.config = config;
    }

    ObjectNode initStart(String instanceId) {
        ObjectNode record = object();
        record.put("functionName", config.functionName());
        record.put("functionVersion", config.functionVersion());
        record.put("initializationType", config.initializationType());
        record.put("instanceId", instanceId);
        record.put("instanceMaxMemory", config.memorySizeMb() * 1024L * 1024L);
        record.put("phase", "init");
        record.put("runtimeVersion", config.runtimeVersion());
        return record;
    }

    ObjectNode telemetrySubscription(String name, Collection<String> types) {
        ObjectNode record = object();
        record.put("name", name);
        record.put("state", "Subscribed");
        ArrayNode array = record.putArray("types");
        types.forEach(array::add);
        return record;
    }

    ObjectNode extension(String name, Collection<String> events) {
        ObjectNode record = object();
        ArrayNode array = record.putArray("events");
        events.forEach(array::add);
        record.put("name", name);
        record.put("state", "Ready");
        return record;
    }

    ObjectNode initRuntimeDone(String status) {
        ObjectNode record = object();
        record.put("initializationType", config.initializationType());
        record.put("phase", "init");
        record.put("status", status);
        return record;
    }

    ObjectNode initReport(String status, Duration duration) {
        ObjectNode record = initRuntimeDone(status);
        record.putObject("metrics").put("durationMs", millis(duration));
        return record;
    }

    ObjectNode start(String requestId) {
        ObjectNode record = object();
        record.put("functionArn", config.functionArn());
        record.put("requestId", requestId);
        record.put("version", config.functionVersion());
        return record;
    }

    ObjectNode runtimeDone(String requestId, String status, String errorType, Instant start, Duration duration,
            long producedBytes) {
        ObjectNode record = object();
        if (!errorType.isEmpty()) {
            record.put("errorType", errorType);
        }
        ObjectNode metrics = record.putObject("metrics");
        metrics.put("durationMs", millis(duration));
        metrics.put("producedBytes", producedBytes);
        record.put("requestId", requestId);
        ArrayNode spans = record.putArray("spans");
        spans.add(span("responseLatency", start, Duration.ZERO));
        spans.add(span("responseDuration", start, Duration.ZERO));
        spans.add(span("runtimeOverhead", start.plus(duration), Duration.ZERO));
        record.put("status", status);
        return record;
    }

    /**
     * The report of a finished invocation; {@code initDuration} only on the first one after a cold
     * start, {@code errorType} only when not empty (a status other than success).
     */
    ObjectNode report(String requestId, String status, String errorType, Duration duration, Instant overheadStart,
            Duration overhead, int maxMemoryUsedMb, Duration initDuration) {
        ObjectNode record = object();
        if (!errorType.isEmpty()) {
            record.put("errorType", errorType);
        }
        ObjectNode metrics = record.putObject("metrics");
        Duration billed = duration.plus(overhead);
        metrics.put("billedDurationMs", Math.max(1, (long) Math.ceil(millis(billed))));
        metrics.put("durationMs", millis(billed));
        if (!initDuration.isZero()) {
            metrics.put("initDurationMs", millis(initDuration));
        }
        metrics.put("maxMemoryUsedMB", maxMemoryUsedMb);
        metrics.put("memorySizeMB", config.memorySizeMb());
        record.put("requestId", requestId);
        record.putArray("spans").add(span("extensionOverhead", overheadStart, overhead));
        record.put("status", status);
        return record;
    }

    private static ObjectNode span(String name, Instant start, Duration duration) {
        ObjectNode span = object();
        span.put("durationMs", millis(duration));
        span.put("name", name);
        span.put("start", TelemetryEvent.format(start));
        return span;
    }

    /** Milliseconds with three decimals, as the platform writes them. */
    private static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 1_000.0) / 1_000.0;
    }

    private static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }
}
