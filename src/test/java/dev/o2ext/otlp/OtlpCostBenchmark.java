package dev.o2ext.otlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.o2ext.sim.ExtensionProcess;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.LambdaSimulator;

/**
 * What the relay costs the function, measured on the packaged extension under the Lambda
 * simulator (freezes on) with {@link OtelFunction} as the function, started through
 * {@code otel-instrument}: the same session three times — relay off ({@code O2_OTLP_ENABLED=false},
 * SDK disabled), relay on with the SDK disabled, relay on with the SDK exporting 50 spans, 50 log
 * records and a counter in every invocation (force-flushed before the function answers) —
 * reporting the post-runtime time per invocation (what Lambda bills after the runtime's answer)
 * and the extension's resident memory. A program, not a test; see {@link OtlpThroughputBenchmark}
 * for how to run it (needs {@code mvn package} first; pass the layer's launcher as
 * {@code -Dextension.command=target/layer/x86_64/extensions/o2-lambda-extension}, or the jar as
 * {@code -Dextension.jar=…}).
 */
public final class OtlpCostBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private OtlpCostBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int invocations = (args.length > 0) ? Integer.parseInt(args[0]) : 40;
		System.out.printf("OTLP relay cost, %d invocations per session, JDK %s, %d CPUs%n", invocations,
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
		for (int round = 0; round < 2; round++) {
			for (Mode mode : Mode.values()) {
				String line = session(mode, invocations);
				if (round == 1) {
					System.out.println(line);
				}
			}
		}
		System.exit(0);
	}

	private static String session(Mode mode, int invocations) throws Exception {
		int otlpPort = PackagedExtension.freePort();
		try (FakeOtlpOpenObserve fake = FakeOtlpOpenObserve.start(PackagedExtension.AUTHORIZATION);
				LambdaSimulator simulator = LambdaSimulator.builder().functionName("bench").start()) {
			Map<String, String> env = PackagedExtension.environment(fake.endpoint(), otlpPort,
					PackagedExtension.freePort());
			if (mode == Mode.RELAY_OFF) {
				env.put("O2_OTLP_ENABLED", "false");
			}
			if (mode != Mode.RELAY_WITH_DATA) {
				env.put("OTEL_SDK_DISABLED", "true");
			}
			ExtensionProcess extension = simulator.launchExtension(PackagedExtension.command(), env);
			simulator.launchFunction(List.of(Path.of("layer-build", "layer", "otel-instrument").toAbsolutePath().toString(),
					System.getProperty("java.home") + "/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
					System.getProperty("java.class.path"), OtelFunction.class.getName()), env);
			InitResult init = simulator.awaitInit(TIMEOUT);
			if (!init.ready()) {
				throw new IllegalStateException("init failed: " + extension.outputText());
			}
			List<Long> postRuntimeMicros = new ArrayList<>();
			long firstMicros = 0;
			for (int i = 0; i < invocations; i++) {
				InvocationResult result = simulator.invokeFunction("request-" + i, "{\"items\":50}", TIMEOUT);
				if (!result.completed()) {
					throw new IllegalStateException("invocation did not complete: " + extension.outputText());
				}
				if (i > 0) {
					postRuntimeMicros.add(result.postRuntime().toNanos() / 1000);
				}
				else { // the first flush of a session pays class loading and the first connections
					firstMicros = result.postRuntime().toNanos() / 1000;
				}
			}
			long rssKib = status(extension.pid(), "VmRSS:");
			long peakKib = status(extension.pid(), "VmHWM:");
			simulator.shutdown();
			postRuntimeMicros.sort(Long::compare);
			return String.format(
					"%-16s post-runtime first %5.1f ms, then p50 %5.1f ms  p90 %5.1f ms  max %5.1f ms | RSS %5.1f MiB, peak %5.1f MiB | spans at OpenObserve %d",
					mode.label, firstMicros / 1000.0, percentile(postRuntimeMicros, 0.5) / 1000.0, percentile(postRuntimeMicros, 0.9) / 1000.0,
					postRuntimeMicros.get(postRuntimeMicros.size() - 1) / 1000.0, rssKib / 1024.0, peakKib / 1024.0,
					fake.items(OtlpSignal.TRACES));
		}
	}

	private static long percentile(List<Long> sorted, double p) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
	}

	private static long status(long pid, String key) throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith(key)) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		return -1;
	}

	private enum Mode {

		RELAY_OFF("relay off"), RELAY_IDLE("relay on, no SDK"), RELAY_WITH_DATA("relay on, SDK");

		final String label;

		Mode(String label) {
			this.label = label;
		}

	}

}
