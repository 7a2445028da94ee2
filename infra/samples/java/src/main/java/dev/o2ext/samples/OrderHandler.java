package dev.o2ext.samples;

import com.amazonaws.services.lambda.runtime.Context;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.awslambdacore.v1_0.TracingRequestHandler;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * A Lambda handler traced with OpenTelemetry's library instrumentation: {@link TracingRequestHandler}
 * opens a server span per invocation and force-flushes the SDK before the answer goes back, so
 * the spans reach the extension's relay (http://localhost:4318, set by {@code /opt/otel-instrument})
 * while the sandbox still runs. The handler adds a child span of its own and prints a text line
 * and a JSON line with the trace id; the event {@code {"fail": true}} makes it throw.
 */
public final class OrderHandler extends TracingRequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order.id");

    /** One SDK per sandbox, configured from OTEL_*; only traces are exported (metrics and logs: none). */
    private static final OpenTelemetrySdk SDK = AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
            .build().getOpenTelemetrySdk();

    private final Tracer tracer = SDK.getTracer("dev.o2ext.samples");

    public OrderHandler() {
        super(SDK);
    }

    @Override
    protected Map<String, Object> doHandleRequest(Map<String, Object> event, Context context) {
        String orderId = String.valueOf(event.getOrDefault("orderId", "none"));
        Span span = tracer.spanBuilder("process order").setAttribute(ORDER_ID, orderId).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            String traceId = span.getSpanContext().getTraceId();
            System.out.println("java sample got " + orderId + " in " + context.getAwsRequestId());
            System.out.println("{\"message\":\"order received\",\"orderId\":\"" + orderId + "\",\"otel_trace_id\":\""
                    + traceId + "\"}");
            if (Boolean.TRUE.equals(event.get("fail"))) {
                throw new IllegalStateException("failing on purpose in " + context.getAwsRequestId());
            }
            return Map.of("ok", true, "orderId", orderId, "traceId", traceId);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }
}
