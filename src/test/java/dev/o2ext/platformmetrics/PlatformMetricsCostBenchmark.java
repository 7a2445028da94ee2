package dev.o2ext.platformmetrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.o2ext.config.FunctionInfo;
import dev.o2ext.config.MetricsSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What platform metrics cost one invocation: deriving the points of its runtimeDone and report
 * and encoding them, in thread CPU time, and the bytes it adds to the metrics export. Prints
 * numbers, asserts nothing. Run after {@code mvn -o -q -Dlayer.skip test-compile} with
 * {@code java -cp target/test-classes:target/classes:<test classpath> dev.o2ext.platformmetrics.PlatformMetricsCostBenchmark}.
 */
public final class PlatformMetricsCostBenchmark {

	private PlatformMetricsCostBenchmark() {
	}

	public static void main(String[] args) {
		JsonMapper mapper = JsonMapper.builder().build();
		JsonNode done = mapper.readTree("{\"metrics\":{\"durationMs\":1.463,\"producedBytes\":10},\"requestId\":"
				+ "\"1ba8e02a-fe88-40db-8cd3-7c7639ed00fa\",\"spans\":[{\"durationMs\":1.102,\"name\":\"responseLatency\"},"
				+ "{\"durationMs\":0.051,\"name\":\"responseDuration\"},{\"durationMs\":0.269,\"name\":\"runtimeOverhead\"}],\"status\":\"success\"}");
		JsonNode report = mapper.readTree("{\"metrics\":{\"billedDurationMs\":504,\"durationMs\":503.549,\"maxMemoryUsedMB\":26,"
				+ "\"memorySizeMB\":128},\"requestId\":\"1ba8e02a-fe88-40db-8cd3-7c7639ed00fa\",\"spans\":[{\"durationMs\":"
				+ "501.771,\"name\":\"extensionOverhead\"}],\"status\":\"success\"}");
		PlatformMetricsSettings settings = PlatformMetricsSettings.from(
				new MetricsSettings(true, java.time.Duration.ofSeconds(60), ""),
				new FunctionInfo("my-function", "$LATEST", "us-east-2", 128),
				Map.of("AWS_LAMBDA_LOG_STREAM_NAME", "2026/07/28/[$LATEST]51c55ba7f2f4447380068cd63889a031"));
		OtlpMetricsEncoder encoder = new OtlpMetricsEncoder(settings.resource(), "o2-lambda-extension", "0.1.0");
		PlatformMetricDeriver deriver = new PlatformMetricDeriver();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int round = 0; round < 5; round++) {
			int n = 20_000;
			long bytes = 0;
			int points = 0;
			long cpu = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) {
				List<MetricPoint> all = new ArrayList<>(deriver.derive("platform.runtimeDone", done, 1_785_265_335_325_000L));
				all.addAll(deriver.derive("platform.report", report, 1_785_265_335_827_000L));
				points += all.size();
				bytes += encoder.encode(all).length;
			}
			long took = threads.getCurrentThreadCpuTime() - cpu;
			System.out.printf("round %d: %.1f µs CPU per invocation, %d points, %d bytes of protobuf per invocation "
					+ "(uncompressed, one export each)%n", round, took / 1000.0 / n, points / n, bytes / n);
		}
	}

}
