package dev.o2ext.platformmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.o2ext.telemetry.RecordMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Points derived from the events captured on AWS and from hand-made failure events. */
class PlatformMetricDeriverTest {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final PlatformMetricDeriver deriver = new PlatformMetricDeriver();

	@Test
	void capturedSessionGivesOneColdStartAndEveryReportsNumbers() throws Exception {
		List<MetricPoint> points = new ArrayList<>();
		JsonNode events;
		try (InputStream in = getClass().getResourceAsStream("/fixtures/telemetry/aws-capture-2026-07-json-log-format.json")) {
			events = this.mapper.readTree(in);
		}
		int reports = 0;
		for (JsonNode event : events) {
			String type = event.path("type").asString();
			reports += type.equals("platform.report") ? 1 : 0;
			points.addAll(this.deriver.derive(type, event.path("record"),
					RecordMapper.epochMicros(event.path("time").asString(), 0)));
		}
		assertThat(reports).isGreaterThan(1);
		assertThat(named(points, "cold_starts")).hasSize(1);
		assertThat(named(points, "invocations")).hasSize(reports);
		assertThat(named(points, "errors")).isEmpty();
		MetricPoint first = named(points, "duration").get(0);
		assertThat(first.value()).isEqualTo(503.84);
		assertThat(first.attributes()).containsEntry("faas.invocation_id", "8f60e725-45d2-4901-949c-482a936d20be")
			.containsEntry("faas.coldstart", true).containsEntry("status", "success");
		assertThat(first.timeNanos()).isEqualTo(1_785_265_332_307_000_000L);
		assertThat(named(points, "init_duration").get(0).value()).isEqualTo(131.048);
		assertThat(named(points, "billed_duration").get(0).value()).isEqualTo(635);
		assertThat(named(points, "memory_utilization").get(0).value()).isEqualTo(26.0 / 128);
		assertThat(named(points, "post_runtime_duration").get(0).value()).isEqualTo(490.29);
		assertThat(named(points, "runtime_duration").get(0).value()).isEqualTo(13.137);
		assertThat(named(points, "produced_bytes").get(0).value()).isEqualTo(10);
		assertThat(named(points, "response_latency").get(0).value()).isEqualTo(12.35);
		assertThat(named(points, "init_phase_duration").get(0).value()).isEqualTo(131.047);
		assertThat(named(points, "init_phase_duration").get(0).attributes()).containsEntry("phase", "init");
		assertThat(named(points, "duration").get(1).attributes()).containsEntry("faas.coldstart", false);
	}

	@Test
	void timeoutErrorAndOutOfMemoryAreCounted() {
		assertThat(names(report("timeout", null))).contains("errors", "timeouts").doesNotContain("out_of_memory");
		assertThat(names(report("error", "Runtime.ExitError"))).contains("errors").doesNotContain("timeouts");
		assertThat(names(report("error", "Runtime.OutOfMemory"))).contains("errors", "out_of_memory");
		assertThat(names(report("success", null))).doesNotContain("errors", "timeouts", "out_of_memory");
		assertThat(report("error", "Runtime.OutOfMemory").get(0).attributes()).containsEntry("error.type",
				"Runtime.OutOfMemory");
	}

	@Test
	void logsDroppedBecomesRecordAndByteCounts() {
		JsonNode record = this.mapper.readTree(
				"{\"reason\":\"Some logs were dropped because the downstream consumer is slower\",\"droppedRecords\":123,\"droppedBytes\":45678}");
		List<MetricPoint> points = this.deriver.derive("platform.logsDropped", record, 1_000);
		assertThat(points).extracting(MetricPoint::name).containsExactly(
				"aws.lambda.enhanced.logs_dropped.records", "aws.lambda.enhanced.logs_dropped.bytes");
		assertThat(points).extracting(MetricPoint::value).containsExactly(123.0, 45678.0);
		assertThat(points.get(0).kind()).isEqualTo(MetricPoint.Kind.DELTA);
	}

	@Test
	void shutdownCountsItsReasonAndAFailureAsACrash() {
		assertThat(this.deriver.shutdown("timeout", 5)).extracting(MetricPoint::name)
			.containsExactly("aws.lambda.enhanced.shutdowns");
		assertThat(this.deriver.shutdown("failure", 5)).extracting(MetricPoint::name)
			.containsExactly("aws.lambda.enhanced.shutdowns", "aws.lambda.enhanced.crashes");
		assertThat(this.deriver.shutdown("TIMEOUT", 5).get(0).attributes()).isEqualTo(Map.of("reason", "timeout"));
	}

	@Test
	void oddInputGivesNoPointRatherThanAWrongOne() {
		assertThat(this.deriver.derive("platform.report", this.mapper.readTree("\"text\""), 0)).isEmpty();
		List<MetricPoint> points = this.deriver.derive("platform.report", this.mapper.readTree(
				"{\"metrics\":{\"durationMs\":\"fast\",\"memorySizeMB\":0,\"maxMemoryUsedMB\":-3}}"), 0);
		assertThat(names(points)).containsExactly("memory_size", "invocations");
		assertThat(this.deriver.derive("function", this.mapper.readTree("{\"a\":1}"), 0)).isEmpty();
	}

	private List<MetricPoint> report(String status, String errorType) {
		String error = (errorType != null) ? ",\"errorType\":\"" + errorType + "\"" : "";
		return this.deriver.derive("platform.report", this.mapper.readTree("{\"requestId\":\"r\",\"status\":\"" + status
				+ "\"" + error + ",\"metrics\":{\"durationMs\":3000,\"billedDurationMs\":3000,\"memorySizeMB\":128,\"maxMemoryUsedMB\":60}}"),
				0);
	}

	private static List<String> names(List<MetricPoint> points) {
		return points.stream().map((p) -> p.name().substring(PlatformMetricDeriver.PREFIX.length()))
			.collect(Collectors.toList());
	}

	private static List<MetricPoint> named(List<MetricPoint> points, String name) {
		return points.stream().filter((p) -> p.name().equals(PlatformMetricDeriver.PREFIX + name)).toList();
	}

}
