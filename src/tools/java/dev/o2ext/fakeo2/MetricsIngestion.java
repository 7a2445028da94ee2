package dev.o2ext.fakeo2;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP/HTTP metrics ingestion as OpenObserve does it: protobuf or JSON (exact content types),
 * every metric name its own stream (normalised like any stream name), one row per data point
 * with {@code __name__}, {@code __type__}, {@code value}, the resource's and the point's
 * attributes as flattened lowercase labels, {@code _timestamp} in µs. Gauges and sums only (the
 * extension sends no others); the answer is an {@code ExportMetricsServiceResponse} in protobuf.
 */
final class MetricsIngestion {

    /** The rows of one request, or why it was refused. */
    record Outcome(List<StoredRecord> rows, int points) {
    }

    private MetricsIngestion() {
    }

    static Outcome ingest(String organization, String contentType, byte[] body, Instant arrival, long arrivalNanos)
            throws InvalidProtocolBufferException {
        if (contentType.equals("application/json")) {
            return json(organization, body, arrival, arrivalNanos);
        }
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
        List<StoredRecord> rows = new ArrayList<>();
        int points = 0;
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    List<NumberDataPoint> dataPoints = metric.hasGauge() ? metric.getGauge().getDataPointsList()
                            : metric.hasSum() ? metric.getSum().getDataPointsList() : List.of();
                    String stream = Names.normalise(metric.getName());
                    for (NumberDataPoint point : dataPoints) {
                        points++;
                        ObjectNode row = Json.MAPPER.createObjectNode();
                        row.put("__name__", stream);
                        row.put("__type__", metric.hasGauge() ? "gauge" : "counter");
                        row.put("unit", metric.getUnit());
                        row.put("value", point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                                ? (double) point.getAsInt() : point.getAsDouble());
                        if (metric.hasSum()) {
                            row.put("is_monotonic", metric.getSum().getIsMonotonic());
                            row.put("temporality", metric.getSum().getAggregationTemporalityValue());
                            row.put("start_time", point.getStartTimeUnixNano() / 1000);
                        }
                        labels(row, resource.getResource().getAttributesList());
                        labels(row, point.getAttributesList());
                        long micros = point.getTimeUnixNano() / 1000;
                        row.put("_timestamp", micros);
                        rows.add(new StoredRecord(organization, stream, row, micros, arrival, arrivalNanos));
                    }
                }
            }
        }
        return new Outcome(rows, points);
    }

    /** The same rows from OTLP/JSON (camelCase names, 64-bit integers as strings or numbers). */
    private static Outcome json(String organization, byte[] body, Instant arrival, long arrivalNanos) {
        JsonNode request = Json.MAPPER.readTree(body);
        List<StoredRecord> rows = new ArrayList<>();
        for (JsonNode resource : request.path("resourceMetrics")) {
            for (JsonNode scope : resource.path("scopeMetrics")) {
                for (JsonNode metric : scope.path("metrics")) {
                    boolean gauge = metric.has("gauge");
                    JsonNode data = gauge ? metric.path("gauge") : metric.path("sum");
                    String stream = Names.normalise(metric.path("name").asString(""));
                    for (JsonNode point : data.path("dataPoints")) {
                        ObjectNode row = Json.MAPPER.createObjectNode();
                        row.put("__name__", stream);
                        row.put("__type__", gauge ? "gauge" : "counter");
                        row.put("unit", metric.path("unit").asString(""));
                        row.put("value", point.has("asInt") ? point.path("asInt").asDouble()
                                : point.path("asDouble").asDouble());
                        jsonLabels(row, resource.path("resource").path("attributes"));
                        jsonLabels(row, point.path("attributes"));
                        long micros = point.path("timeUnixNano").asLong() / 1000;
                        row.put("_timestamp", micros);
                        rows.add(new StoredRecord(organization, stream, row, micros, arrival, arrivalNanos));
                    }
                }
            }
        }
        return new Outcome(rows, rows.size());
    }

    private static void jsonLabels(ObjectNode row, JsonNode attributes) {
        for (JsonNode kv : attributes) {
            JsonNode value = kv.path("value");
            String text = value.has("stringValue") ? value.path("stringValue").asString("")
                    : value.properties().stream().findFirst().map((e) -> e.getValue().asString("")).orElse("");
            row.put(Names.normalise(kv.path("key").asString("")), text);
        }
    }

    static byte[] answer() {
        return ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
    }

    /** The attributes as flattened lowercase columns, their values as text (traces use it too). */
    static void labels(ObjectNode row, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            String key = Names.normalise(kv.getKey());
            AnyValue value = kv.getValue();
            switch (value.getValueCase()) {
                case STRING_VALUE -> row.put(key, value.getStringValue());
                case BOOL_VALUE -> row.put(key, String.valueOf(value.getBoolValue()));
                case INT_VALUE -> row.put(key, String.valueOf(value.getIntValue()));
                case DOUBLE_VALUE -> row.put(key, String.valueOf(value.getDoubleValue()));
                default -> row.put(key, value.toString());
            }
        }
    }
}
