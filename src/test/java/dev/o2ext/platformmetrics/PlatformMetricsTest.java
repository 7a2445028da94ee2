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
		assertThat(metrics().acceptedItems()).isZero();

		metrics.flush(FlushTrigger.END_OF_INVOCATION, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		long first = metrics().acceptedItems();
		int counters = metrics.counters(this.pipeline.snapshot()).size();
		assertThat(first).as("the report's points and the first set of counters").isGreaterThan(counters);
		assertThat(metrics.hasQueued()).isFalse();

		metrics.onEvent("platform.report", this.mapper.readTree(REPORT), 2_000);
		this.now.addAndGet(Duration.ofSeconds(30).toNanos());
		metrics.flush(FlushTrigger.END_OF_INVOCATION, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		long reportPoints = metrics().acceptedItems() - first;
		assertThat(reportPoints).as("no counters within the interval").isEqualTo(first - counters);

		this.now.addAndGet(Duration.ofSeconds(31).toNanos());
		metrics.flush(FlushTrigger.PERIODIC, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		assertThat(metrics().acceptedItems()).isEqualTo(first + reportPoints + counters);

		metrics.onShutdown("spindown");
		metrics.flush(FlushTrigger.SHUTDOWN, Deadline.after(Duration.ofSeconds(1), NanoClock.SYSTEM));
		assertThat(metrics().acceptedItems()).as("shutdown point and counters").isEqualTo(
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
		assertThat(metrics().receivedItems()).isZero();
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

	private SignalSnapshot metrics() {
		return this.relay.snapshot().signals().get(OtlpSignal.METRICS);
	}

}
