package dev.o2ext.platformmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.junit.jupiter.api.Test;

/** Our encoding, read back by the OpenTelemetry proto definitions' own parser. */
class OtlpMetricsEncoderTest {

	private static final long T = 1_780_000_000_123_456_789L;

	private final OtlpMetricsEncoder encoder = new OtlpMetricsEncoder(resource(), "o2-lambda-extension", "1.2.3");

	@Test
	void gaugeIsADoubleWithItsAttributes() throws Exception {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("faas.invocation_id", "req-1");
		attributes.put("faas.coldstart", true);
		attributes.put("n", 42L);
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(this.encoder.encode(List.of(
				new MetricPoint("aws.lambda.enhanced.duration", "ms", MetricPoint.Kind.GAUGE, 12.75, 0, T, attributes))));
		ResourceMetrics resource = request.getResourceMetrics(0);
		assertThat(attrs(resource.getResource().getAttributesList())).containsEntry("faas.name", "fn")
			.containsEntry("cloud.region", "eu-west-1").containsEntry("faas.max_memory", 134217728L)
			.containsEntry("service.name", "svc");
		assertThat(resource.getScopeMetrics(0).getScope().getName()).isEqualTo("o2-lambda-extension");
		assertThat(resource.getScopeMetrics(0).getScope().getVersion()).isEqualTo("1.2.3");
		Metric metric = resource.getScopeMetrics(0).getMetrics(0);
		assertThat(metric.getName()).isEqualTo("aws.lambda.enhanced.duration");
		assertThat(metric.getUnit()).isEqualTo("ms");
		assertThat(metric.hasGauge()).isTrue();
		NumberDataPoint point = metric.getGauge().getDataPoints(0);
		assertThat(point.getAsDouble()).isEqualTo(12.75);
		assertThat(point.getTimeUnixNano()).isEqualTo(T);
		assertThat(point.getStartTimeUnixNano()).isZero();
		assertThat(attrs(point.getAttributesList())).containsEntry("faas.invocation_id", "req-1")
			.containsEntry("faas.coldstart", true).containsEntry("n", 42L);
	}

	@Test
	void deltaAndCumulativeSumsAreMonotonicIntegers() throws Exception {
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(this.encoder.encode(List.of(
				new MetricPoint("aws.lambda.enhanced.invocations", "1", MetricPoint.Kind.DELTA, 1, T, T, Map.of()),
				new MetricPoint("o2.extension.records.dropped", "1", MetricPoint.Kind.CUMULATIVE, 5890, T - 5, T,
						Map.of("reason", "buffer_full")))));
		List<Metric> metrics = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
		assertThat(metrics).hasSize(2);
		assertThat(metrics.get(0).getSum().getAggregationTemporality())
			.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
		assertThat(metrics.get(0).getSum().getIsMonotonic()).isTrue();
		assertThat(metrics.get(0).getSum().getDataPoints(0).getAsInt()).isEqualTo(1);
		assertThat(metrics.get(1).getSum().getAggregationTemporality())
			.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
		NumberDataPoint dropped = metrics.get(1).getSum().getDataPoints(0);
		assertThat(dropped.getAsInt()).isEqualTo(5890);
		assertThat(dropped.getStartTimeUnixNano()).isEqualTo(T - 5);
		assertThat(attrs(dropped.getAttributesList())).containsEntry("reason", "buffer_full");
	}

	@Test
	void twoRequestsConcatenatedParseAsOneWithBothResources() throws Exception {
		// the relay merges queued protobuf exports by concatenation
		byte[] one = this.encoder.encode(List.of(new MetricPoint("a", "1", MetricPoint.Kind.DELTA, 1, T, T, Map.of())));
		byte[] two = this.encoder.encode(List.of(new MetricPoint("b", "1", MetricPoint.Kind.DELTA, 2, T, T, Map.of())));
		byte[] both = new byte[one.length + two.length];
		System.arraycopy(one, 0, both, 0, one.length);
		System.arraycopy(two, 0, both, one.length, two.length);
		assertThat(ExportMetricsServiceRequest.parseFrom(both).getResourceMetricsCount()).isEqualTo(2);
	}

	@Test
	void nonAsciiNamesAndValuesRoundTrip() throws Exception {
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(this.encoder.encode(List.of(
				new MetricPoint("größe", "1", MetricPoint.Kind.GAUGE, -0.5, 0, T, Map.of("ключ", "значение")))));
		Metric metric = request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
		assertThat(metric.getName()).isEqualTo("größe");
		assertThat(attrs(metric.getGauge().getDataPoints(0).getAttributesList())).containsEntry("ключ", "значение");
	}

	static Map<String, Object> attrs(List<KeyValue> list) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (KeyValue kv : list) {
			AnyValue value = kv.getValue();
			map.put(kv.getKey(), switch (value.getValueCase()) {
				case STRING_VALUE -> value.getStringValue();
				case BOOL_VALUE -> value.getBoolValue();
				case INT_VALUE -> value.getIntValue();
				case DOUBLE_VALUE -> value.getDoubleValue();
				default -> value.toString();
			});
		}
		return map;
	}

	private static Map<String, Object> resource() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("faas.name", "fn");
		map.put("cloud.region", "eu-west-1");
		map.put("faas.max_memory", 134217728L);
		map.put("service.name", "svc");
		return map;
	}

}
