package dev.o2ext.otlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.o2ext.sim.ExtensionProcess;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.LambdaSimulator;

/**
 * What the OpenTelemetry Java agent costs a Java function when the layer variant adds it
 * through {@code otel-instrument}: the same plain function ({@link JavaFunctionRuntime}) started
 * through the wrapper under the simulator with the packaged extension, without and with the
 * agent, several fresh sandboxes each. Reports the runtime's own start (process start to its
 * first next call), the first invocation (class loading, the agent's instrumentation and first
 * export), warm invocations, the runtime's peak memory, and the spans that reached OpenObserve
 * through the relay. A program, not a test (see {@link OtlpThroughputBenchmark} for the class
 * path):
 *
 * <pre>
 * java -Dextension.jar=target/o2-lambda-extension-0.1.0.jar -cp … dev.o2ext.otlp.JavaAgentColdStartBenchmark \
 *     ~/.m2/repository/io/opentelemetry/javaagent/opentelemetry-javaagent/2.28.1/opentelemetry-javaagent-2.28.1.jar 5
 * </pre>
 */
public final class JavaAgentColdStartBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Pattern READY = Pattern.compile("runtime ready after (\\d+) ms");

	private JavaAgentColdStartBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path agent = Path.of(args[0]);
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		System.out.printf("OpenTelemetry Java agent %s (%d bytes), %d sandboxes per mode, JDK %s, %d CPUs%n",
				agent.getFileName(), Files.size(agent), rounds, System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
		List<List<Session>> results = List.of(new ArrayList<>(), new ArrayList<>());
		for (int round = 0; round <= rounds; round++) {
			for (int mode = 0; mode < 2; mode++) {
				Session session = session((mode == 1) ? agent : null);
				if (round > 0) { // the first round warms the disk cache and the test JVM
					results.get(mode).add(session);
				}
			}
		}
		print("no agent", results.get(0));
		print("Java agent", results.get(1));
		System.exit(0);
	}

	private static Session session(Path agent) throws Exception {
		int otlpPort = PackagedExtension.freePort();
		try (FakeOtlpOpenObserve fake = FakeOtlpOpenObserve.start(PackagedExtension.AUTHORIZATION);
				LambdaSimulator simulator = LambdaSimulator.builder().functionName("java-function").memorySizeMb(1024)
					.start()) {
			Map<String, String> env = PackagedExtension.environment(fake.endpoint(), otlpPort,
					PackagedExtension.freePort());
			env.put("O2_OTEL_JAVAAGENT", (agent != null) ? agent.toAbsolutePath().toString() : "/nonexistent");
			ExtensionProcess extension = simulator.launchExtension(PackagedExtension.command(), env);
			ExtensionProcess function = simulator.launchFunction(List.of(
					Path.of("layer-build", "layer", "otel-instrument").toAbsolutePath().toString(),
					System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
					"-cp", System.getProperty("java.class.path"), JavaFunctionRuntime.class.getName()), env);
			InitResult init = simulator.awaitInit(TIMEOUT);
			if (!init.ready()) {
				throw new IllegalStateException("init: " + extension.outputText() + "\n" + function.outputText());
			}
			List<Long> warm = new ArrayList<>();
			long first = 0;
			for (int i = 0; i < 11; i++) {
				InvocationResult result = simulator.invokeFunction("request-" + i, "{\"n\":" + i + "}", TIMEOUT);
				long micros = (result.runtimeDoneNanos() - result.startNanos()) / 1000;
				if (i == 0) {
					first = micros;
				}
				else {
					warm.add(micros);
				}
			}
			long peakKib = function.peakRssKib().orElse(-1);
			simulator.shutdown();
			Matcher ready = READY.matcher(function.outputText());
			long readyMs = ready.find() ? Long.parseLong(ready.group(1)) : -1;
			warm.sort(Long::compare);
			return new Session(readyMs, init.elapsed().toMillis(), first / 1000.0, warm.get(warm.size() / 2) / 1000.0,
					peakKib / 1024.0, fake.items(OtlpSignal.TRACES));
		}
	}

	private static void print(String mode, List<Session> sessions) {
		System.out.printf("%-10s runtime ready %s ms | Init %s ms | first invocation %s ms | warm p50 %s ms | runtime peak RSS %s MiB | spans at OpenObserve %s%n",
				mode, median(sessions, Session::readyMs), median(sessions, Session::initMs),
				median(sessions, Session::firstMs), median(sessions, Session::warmMs), median(sessions, Session::peakMib),
				median(sessions, (s) -> (double) s.spans()));
	}

	private static String median(List<Session> sessions, java.util.function.ToDoubleFunction<Session> value) {
		double[] values = sessions.stream().mapToDouble(value).sorted().toArray();
		return String.format("%.1f", values[values.length / 2]);
	}

	private record Session(double readyMs, double initMs, double firstMs, double warmMs, double peakMib, long spans) {
	}

}
