package dev.o2ext.fakeo2;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/{org}/v1/traces} of the fake: a row per span in the stream-name header's stream, protobuf only. */
class FakeOpenObserveTracesTest {

    private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpwYXNz";
    private static final String PATH = "/api/default/v1/traces";
    private static final long T = 1_780_000_000_000_000_000L;
    private static final byte[] TRACE = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
    private static final byte[] SPAN = HexFormat.of().parseHex("b7ad6b7169203331");

    private final FakeOpenObserve fake = FakeOpenObserve.start(AUTH);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void eachSpanIsARowWithOpenObservesColumnsInTheNamedStream() throws Exception {
        HttpResponse<byte[]> response = post(request().toByteArray(), "application/x-protobuf", AUTH, "lambda-traces");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        JsonNode span = fake.records("lambda_traces").get(0);
        assertThat(span.path("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(span.path("span_id").asString()).isEqualTo("b7ad6b7169203331");
        assertThat(span.path("reference_parent_span_id").asString()).isEmpty();
        assertThat(span.path("operation_name").asString()).isEqualTo("process order");
        assertThat(span.path("service_name").asString()).isEqualTo("orders");
        assertThat(span.path("span_status").asString()).isEqualTo("ERROR");
        assertThat(span.path("duration").asLong()).isEqualTo(2_500);
        assertThat(span.path("order_id").asString()).isEqualTo("o-1");
        assertThat(span.path("_timestamp").asLong()).isEqualTo(T / 1000);
    }

    @Test
    void withoutAStreamNameTheSpansGoToDefaultAndOtherBodiesAreRefused() throws Exception {
        assertThat(post(request().toByteArray(), "application/x-protobuf", AUTH, null).statusCode()).isEqualTo(200);
        assertThat(fake.records("default")).singleElement()
            .satisfies(r -> assertThat(r.path("operation_name").asString()).isEqualTo("process order"));
        assertThat(post("{}".getBytes(), "application/json", AUTH, null).statusCode()).isEqualTo(415);
        assertThat(post(request().toByteArray(), "application/x-protobuf", "Basic bm8=", null).statusCode()).isEqualTo(401);
        assertThat(post(new byte[] { (byte) 0xff, 1, 2 }, "application/x-protobuf", AUTH, null).statusCode()).isEqualTo(400);
    }

    private static ExportTraceServiceRequest request() {
        KeyValue service = KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("orders")).build();
        KeyValue order = KeyValue.newBuilder().setKey("order.id").setValue(AnyValue.newBuilder().setStringValue("o-1")).build();
        Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE)).setSpanId(ByteString.copyFrom(SPAN))
                .setName("process order").setKindValue(2).setStartTimeUnixNano(T).setEndTimeUnixNano(T + 2_500_000)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).addAttributes(order).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(service))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    private HttpResponse<byte[]> post(byte[] body, String contentType, String authorization, String stream) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.endpoint() + PATH)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("Authorization", authorization);
        if (stream != null) {
            request.header("stream-name", stream);
        }
        return client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
