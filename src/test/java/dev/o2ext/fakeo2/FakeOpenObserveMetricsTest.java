package dev.o2ext.fakeo2;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/{org}/v1/metrics} of the fake: content types, authorization, one stream per metric name. */
class FakeOpenObserveMetricsTest {

    private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpwYXNz";
    private static final String PATH = "/api/default/v1/metrics";
    private static final long T = 1_780_000_000_000_000_000L;

    private final FakeOpenObserve fake = FakeOpenObserve.start(AUTH);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void protobufMetricsBecomeOneStreamPerNameWithLabelsAndAProtobufAnswer() throws Exception {
        HttpResponse<byte[]> response = post(request().toByteArray(), "application/x-protobuf", AUTH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(ExportMetricsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        JsonNode duration = fake.records("aws_lambda_enhanced_duration").get(0);
        assertThat(duration.path("value").asDouble()).isEqualTo(12.5);
        assertThat(duration.path("__type__").asString()).isEqualTo("gauge");
        assertThat(duration.path("faas_name").asString()).isEqualTo("fn");
        assertThat(duration.path("status").asString()).isEqualTo("success");
        assertThat(duration.path("_timestamp").asLong()).isEqualTo(T / 1000);
        JsonNode invocations = fake.records("aws_lambda_enhanced_invocations").get(0);
        assertThat(invocations.path("__type__").asString()).isEqualTo("counter");
        assertThat(invocations.path("value").asDouble()).isEqualTo(1.0);
        assertThat(fake.streams()).contains("aws_lambda_enhanced_duration", "aws_lambda_enhanced_invocations");
    }

    @Test
    void jsonIsReadTooAndOtherContentTypesAndCredentialsAreRefused() throws Exception {
        String json = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"fn\"}}]},"
                + "\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m.one\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"" + T
                + "\",\"asDouble\":3.5}]}}]}]}]}";
        assertThat(post(json.getBytes(StandardCharsets.UTF_8), "application/json", AUTH).statusCode()).isEqualTo(200);
        assertThat(fake.records("m_one")).singleElement().satisfies(r -> {
            assertThat(r.path("value").asDouble()).isEqualTo(3.5);
            assertThat(r.path("faas_name").asString()).isEqualTo("fn");
        });
        assertThat(post(request().toByteArray(), "application/json; charset=utf-8", AUTH).statusCode()).isEqualTo(415);
        assertThat(post(request().toByteArray(), "application/x-protobuf", "Basic bm8=").statusCode()).isEqualTo(401);
        assertThat(post(new byte[] { (byte) 0xff, 1, 2 }, "application/x-protobuf", AUTH).statusCode()).isEqualTo(400);
    }

    private static ExportMetricsServiceRequest request() {
        KeyValue name = KeyValue.newBuilder().setKey("faas.name").setValue(AnyValue.newBuilder().setStringValue("fn")).build();
        KeyValue status = KeyValue.newBuilder().setKey("status").setValue(AnyValue.newBuilder().setStringValue("success")).build();
        Metric duration = Metric.newBuilder().setName("aws.lambda.enhanced.duration").setUnit("ms")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T).setAsDouble(12.5)
                        .addAttributes(status))).build();
        Metric invocations = Metric.newBuilder().setName("aws.lambda.enhanced.invocations").setUnit("1")
                .setSum(Sum.newBuilder().setIsMonotonic(true).setAggregationTemporalityValue(1)
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T).setStartTimeUnixNano(T).setAsInt(1)))
                .build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(name))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(duration).addMetrics(invocations))).build();
    }

    private HttpResponse<byte[]> post(byte[] body, String contentType, String authorization) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(fake.endpoint() + PATH)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
