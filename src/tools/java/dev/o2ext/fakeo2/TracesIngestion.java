package dev.o2ext.fakeo2;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP/HTTP traces ingestion, the part of OpenObserve's that the local runs need: protobuf only
 * (what the SDKs send through {@code /opt/otel-instrument}, {@code http/protobuf}), one row per span
 * in the stream of the {@code stream-name} header (else {@code default}) with OpenObserve's column
 * names ({@code trace_id}, {@code span_id}, {@code reference_parent_span_id}, {@code operation_name},
 * {@code service_name}, {@code span_kind}, {@code span_status}, {@code start_time} and
 * {@code end_time} in ns, {@code duration} in µs) and the resource's and span's attributes as
 * flattened lowercase columns of text, as for metrics; the answer is an empty
 * {@code ExportTraceServiceResponse}.
 */
final class TracesIngestion {

    private static final HexFormat HEX = HexFormat.of();

    private TracesIngestion() {
    }

    static List<StoredRecord> ingest(String organization, String stream, byte[] body, Instant arrival, long arrivalNanos)
            throws InvalidProtocolBufferException {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        List<StoredRecord> rows = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
                    .findFirst().orElse("unknown_service");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    ObjectNode row = Json.MAPPER.createObjectNode();
                    row.put("trace_id", hex(span.getTraceId()));
                    row.put("span_id", hex(span.getSpanId()));
                    row.put("reference_parent_span_id", hex(span.getParentSpanId()));
                    row.put("operation_name", span.getName());
                    row.put("service_name", service);
                    row.put("span_kind", span.getKindValue());
                    row.put("span_status", span.getStatus().getCode().name().replace("STATUS_CODE_", ""));
                    row.put("start_time", span.getStartTimeUnixNano());
                    row.put("end_time", span.getEndTimeUnixNano());
                    row.put("duration", (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000);
                    MetricsIngestion.labels(row, resource.getResource().getAttributesList());
                    MetricsIngestion.labels(row, span.getAttributesList());
                    long micros = span.getStartTimeUnixNano() / 1000;
                    row.put("_timestamp", micros);
                    rows.add(new StoredRecord(organization, stream, row, micros, arrival, arrivalNanos));
                }
            }
        }
        return rows;
    }

    static byte[] answer() {
        return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }
}
