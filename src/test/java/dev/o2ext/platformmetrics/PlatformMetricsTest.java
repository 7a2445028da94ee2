package dev.o2ext.platformmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.otlp.OtlpSignal;
import dev.o2ext.otlp.SignalSnapshot;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.NanoClock;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Collecting, the counters' interval, the relay hand-off, the switch, and the dashboard's streams. */
class PlatformMetricsTest {

	private static final String REPORT = "{\"requestId\":\"r1\",\"status\":\"success\",\"metrics\":{\"durationMs\":5,"
			+ "\"billedDurationMs\":5,\"memorySizeMB\":128,\"maxMemoryUsedMB\":40},\"spans\":[{\"name\":\"extensionOverhead\",\"durationMs\":2.5}]}";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final AtomicLong now = new AtomicLong(1);

	private final ByteBudget budget = new ByteBudget(1 << 20);

	private final InMemoryPipelineMetrics pipeline = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final OtlpRelay relay = new OtlpRelay(this.budget, 1 << 20, this.pipeline);

	private final List<String> warnings = new ArrayList<>();

	private PlatformMetrics metrics(boolean enabled) {
		PlatformMetricsSettings settings = new PlatformMetricsSettings(enabled, Duration.ofSeconds(60), Map.of());
		NanoClock clock = this.now::get;
		return new PlatformMetrics(settings, new OtlpMetricsEncoder(Map.of(), "s", "v"), this.relay, this.pipeline,
				this.budget, new DropWarnings(this.warnings::add, 60_000_000_000L), Clock.systemUTC(), clock);
	}

	@Test
	void pointsWaitForAFlushAndCountersGoOutAtMostOncePerIntervalAndAtShutdown() {
		PlatformMetrics metrics = metrics(true);
		metrics.onEvent("platform.report", this.mapper.readTree(REPORT), 1_000);
		metrics.onEvent("function", this.mapper.readTree("\"line\""), 1_000);
		assertThat(metrics.hasQueued()).isTrue();
		assertThat(metrics().lane().accepted()).isZero();

		metrics.flush(FlushTrigger.END_OF_INVOCATION, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		long first = metrics().lane().accepted();
		int counters = metrics.counters(this.pipeline.snapshot()).size();
		assertThat(first).as("the report's points and the first set of counters").isGreaterThan(counters);
		assertThat(metrics.hasQueued()).isFalse();

		metrics.onEvent("platform.report", this.mapper.readTree(REPORT), 2_000);
		this.now.addAndGet(Duration.ofSeconds(30).toNanos());
		metrics.flush(FlushTrigger.END_OF_INVOCATION, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		long reportPoints = metrics().lane().accepted() - first;
		assertThat(reportPoints).as("no counters within the interval").isEqualTo(first - counters);

		this.now.addAndGet(Duration.ofSeconds(31).toNanos());
		metrics.flush(FlushTrigger.PERIODIC, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		assertThat(metrics().lane().accepted()).isEqualTo(first + reportPoints + counters);

		metrics.onShutdown("spindown");
		metrics.flush(FlushTrigger.SHUTDOWN, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		assertThat(metrics().lane().accepted()).as("shutdown point and counters").isEqualTo(
				first + reportPoints + 2L * counters + 1);
	}

	@Test
	void switchedOffItSendsNothingButStillWarns() {
		PlatformMetrics metrics = metrics(false);
		metrics.onEvent("platform.report", this.mapper.readTree(REPORT), 1_000);
		metrics.onShutdown("timeout");
		this.pipeline.logs().dropped(DropReason.BUFFER_FULL, 7);
		metrics.flush(FlushTrigger.SHUTDOWN, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		assertThat(metrics.hasQueued()).isFalse();
		assertThat(metrics().lane().received()).isZero();
		assertThat(this.warnings).singleElement().asString().contains("7", "buffer_full");
	}

	@Test
	void countersCarryTheDeliveryNumbers() {
		this.pipeline.logs().received(10);
		this.pipeline.logs().accepted(9);
		this.pipeline.logs().dropped(DropReason.BUFFER_FULL, 1);
		PlatformMetrics metrics = metrics(true);
		metrics.onEvent("platform.report", this.mapper.readTree(REPORT), 1_000);
		metrics.onEvent("platform.logsDropped", this.mapper.readTree("{\"droppedRecords\":3,\"droppedBytes\":300}"), 1);
		Map<String, Double> values = new java.util.HashMap<>();
		for (MetricPoint point : metrics.counters(this.pipeline.snapshot())) {
			String key = point.name() + point.attributes().getOrDefault("reason", "");
			values.put(key, point.value());
		}
		assertThat(values).containsEntry("o2.extension.records.received", 10.0)
			.containsEntry("o2.extension.records.dropped" + "buffer_full", 1.0)
			.containsEntry("o2.extension.post_runtime.duration", 3.0)
			.containsEntry("o2.extension.platform_logs_dropped.records", 3.0)
			.containsEntry("o2.extension.platform_logs_dropped.bytes", 300.0)
			.containsEntry("o2.extension.buffer.capacity", (double) (1 << 20));
	}

	@Test
	void discardsAndRedactionsAreCountersOnlyOnceThereAreAny() {
		PlatformMetrics metrics = metrics(true);
		assertThat(metrics.counters(this.pipeline.snapshot())).extracting(MetricPoint::name)
			.doesNotContain("o2.extension.records.discarded", "o2.extension.values.redacted");

		this.pipeline.discarded(dev.o2ext.metrics.Discard.SAMPLED_OUT, 4);
		this.pipeline.redacted(dev.o2ext.metrics.Redaction.EMAIL, 2);

		assertThat(metrics.counters(this.pipeline.snapshot()))
			.filteredOn((p) -> p.name().equals("o2.extension.records.discarded")
					|| p.name().equals("o2.extension.values.redacted"))
			.extracting((p) -> p.name() + " " + p.attributes() + " " + p.value())
			.containsExactly("o2.extension.records.discarded {reason=sampled_out} 4.0",
					"o2.extension.values.redacted {preset=email} 2.0");
	}

	@Test
	void everyStreamTheDashboardQueriesIsAMetricWeSend() throws Exception {
		PlatformMetrics metrics = metrics(true);
		PlatformMetricDeriver deriver = new PlatformMetricDeriver();
		List<MetricPoint> points = new ArrayList<>(metrics.counters(this.pipeline.snapshot()));
		points.add(new MetricPoint("o2.extension.flush.duration", "ms", MetricPoint.Kind.GAUGE, 1, 0, 1, Map.of()));
		points.addAll(deriver.derive("platform.report", this.mapper.readTree("{\"status\":\"timeout\",\"errorType\":"
				+ "\"Runtime.OutOfMemory\",\"metrics\":{\"durationMs\":1,\"billedDurationMs\":1,\"initDurationMs\":1,"
				+ "\"memorySizeMB\":1,\"maxMemoryUsedMB\":1},\"spans\":[{\"name\":\"extensionOverhead\",\"durationMs\":1}]}"), 1));
		points.addAll(deriver.derive("platform.logsDropped", this.mapper.readTree("{\"droppedRecords\":1,\"droppedBytes\":1}"), 1));
		Set<String> sent = new HashSet<>();
		points.forEach((p) -> sent.add(p.name().replaceAll("[^a-zA-Z0-9_:]+", "_")));
		JsonNode dashboard = this.mapper.readTree(Files.readString(Path.of("infra/openobserve/lambda.dashboard.json")));
		Pattern stream = Pattern.compile("\\b((?:aws_lambda_enhanced|o2_extension)_[a-z_]+)");
		Set<String> queried = new HashSet<>();
		for (JsonNode panel : dashboard.path("tabs").path(0).path("panels")) {
			for (JsonNode query : panel.path("queries")) {
				Matcher m = stream.matcher(query.path("query").asString());
				while (m.find()) {
					queried.add(m.group(1));
				}
			}
		}
		assertThat(dashboard.path("version").asInt()).isEqualTo(8);
		assertThat(queried).hasSizeGreaterThan(10);
		assertThat(sent).containsAll(queried);
	}

	@Test
	void everyMetricWeSendIsReadBackByTheProtoParserAsItWasMade() throws Exception {
		PlatformMetricDeriver deriver = new PlatformMetricDeriver();
		List<MetricPoint> points = new ArrayList<>();
		points.addAll(deriver.derive("platform.report", this.mapper.readTree("{\"requestId\":\"r1\",\"status\":\"error\","
				+ "\"errorType\":\"Runtime.OutOfMemory\",\"metrics\":{\"durationMs\":12.5,\"billedDurationMs\":13,"
				+ "\"initDurationMs\":200.25,\"restoreDurationMs\":80.5,\"memorySizeMB\":128,\"maxMemoryUsedMB\":128},"
				+ "\"spans\":[{\"name\":\"extensionOverhead\",\"durationMs\":1.75}]}"), 1_000));
		points.addAll(deriver.derive("platform.report", this.mapper.readTree("{\"requestId\":\"r2\",\"status\":\"timeout\","
				+ "\"metrics\":{\"durationMs\":3000,\"billedDurationMs\":3000,\"memorySizeMB\":128,\"maxMemoryUsedMB\":60}}"), 2_000));
		points.addAll(deriver.derive("platform.runtimeDone", this.mapper.readTree("{\"requestId\":\"r1\",\"status\":\"success\","
				+ "\"metrics\":{\"durationMs\":10.5,\"producedBytes\":42},\"spans\":[{\"name\":\"responseLatency\","
				+ "\"durationMs\":0.25},{\"name\":\"responseDuration\",\"durationMs\":0.5}]}"), 1_000));
		points.addAll(deriver.derive("platform.initReport", this.mapper.readTree("{\"phase\":\"init\",\"status\":\"success\","
				+ "\"initializationType\":\"on-demand\",\"metrics\":{\"durationMs\":150.5}}"), 500));
		points.addAll(deriver.derive("platform.logsDropped", this.mapper.readTree("{\"reason\":\"slow\",\"droppedRecords\":7,"
				+ "\"droppedBytes\":700}"), 3_000));
		points.addAll(deriver.shutdown("failure", 4_000_000));
		this.pipeline.discarded(dev.o2ext.metrics.Discard.FILTERED_BY_LEVEL, 2);
		this.pipeline.redacted(dev.o2ext.metrics.Redaction.JWT, 1);
		this.pipeline.logs().flushed(FlushTrigger.END_OF_INVOCATION, Duration.ofMillis(3));
		points.addAll(metrics(true).counters(this.pipeline.snapshot()));
		Map<String, Object> resource = Map.of("faas.name", "fn", "cloud.region", "eu-west-1");

		ExportMetricsServiceRequest request = ExportMetricsServiceRequest
			.parseFrom(new OtlpMetricsEncoder(resource, "o2-lambda-extension", "1.0").encode(points));

		assertThat(OtlpMetricsEncoderTest.attrs(request.getResourceMetrics(0).getResource().getAttributesList()))
			.isEqualTo(resource);
		List<Metric> decoded = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
		assertThat(decoded).hasSameSizeAs(points);
		for (int i = 0; i < points.size(); i++) {
			MetricPoint made = points.get(i);
			Metric metric = decoded.get(i);
			assertThat(metric.getName()).isEqualTo(made.name());
			assertThat(metric.getUnit()).as(made.name()).isEqualTo(made.unit());
			NumberDataPoint point;
			if (made.kind() == MetricPoint.Kind.GAUGE) {
				assertThat(metric.getDataCase()).as(made.name()).isEqualTo(Metric.DataCase.GAUGE);
				point = metric.getGauge().getDataPoints(0);
				assertThat(point.getAsDouble()).as(made.name()).isEqualTo(made.value());
			}
			else {
				assertThat(metric.getDataCase()).as(made.name()).isEqualTo(Metric.DataCase.SUM);
				assertThat(metric.getSum().getIsMonotonic()).as(made.name()).isTrue();
				assertThat(metric.getSum().getAggregationTemporality()).as(made.name())
					.isEqualTo((made.kind() == MetricPoint.Kind.DELTA)
							? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
							: AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
				point = metric.getSum().getDataPoints(0);
				assertThat(point.getValueCase()).isEqualTo(NumberDataPoint.ValueCase.AS_INT);
				assertThat((double) point.getAsInt()).as(made.name()).isEqualTo(made.value());
			}
			assertThat(point.getTimeUnixNano()).as(made.name()).isEqualTo(made.timeNanos());
			assertThat(point.getStartTimeUnixNano()).as(made.name()).isEqualTo(made.startNanos());
			assertThat(OtlpMetricsEncoderTest.attrs(point.getAttributesList())).as(made.name())
				.isEqualTo(made.attributes());
		}
		String p = "aws.lambda.enhanced.";
		String o = "o2.extension.";
		assertThat(decoded.stream().map(Metric::getName).distinct()).as("every metric docs/metrics.md lists")
			.containsExactlyInAnyOrder(p + "duration", p + "billed_duration", p + "init_duration", p + "restore_duration",
					p + "memory_size", p + "max_memory_used", p + "memory_utilization", p + "post_runtime_duration",
					p + "invocations", p + "errors", p + "timeouts", p + "out_of_memory", p + "cold_starts",
					p + "runtime_duration", p + "produced_bytes", p + "response_latency", p + "response_duration",
					p + "init_phase_duration", p + "logs_dropped.records", p + "logs_dropped.bytes", p + "shutdowns",
					p + "crashes", o + "records.received", o + "records.accepted", o + "records.shipped",
					o + "records.dropped", o + "records.rejected", o + "records.discarded", o + "values.redacted",
					o + "retries", o + "invocations", o + "flushes", o + "post_runtime.duration",
					o + "platform_logs_dropped.records", o + "platform_logs_dropped.bytes", o + "metrics.points_dropped",
					o + "metrics.exports_refused", o + "buffer.high_water", o + "buffer.capacity", o + "flush.duration");
	}

	private SignalSnapshot metrics() {
		return this.relay.snapshot().signals().get(OtlpSignal.METRICS);
	}

}
