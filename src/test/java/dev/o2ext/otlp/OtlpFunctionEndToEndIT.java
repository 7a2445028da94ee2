package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.o2ext.sim.ShutdownResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole story of issue 5 under the Lambda simulator: the packaged extension, and as the
 * function a JVM with the OpenTelemetry Java SDK ({@link OtelFunction}) started through the
 * layer's {@code otel-instrument} exec wrapper and configured by nothing but the environment
 * the wrapper leaves. Three invocations with freezes in between, then a shutdown: every span,
 * log record and metric the SDK exported in an invocation must be at the fake OpenObserve, at
 * the right endpoint with the right headers, before the extension's next call.
 */
class OtlpFunctionEndToEndIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int ITEMS = 5;

	private final FakeOtlpOpenObserve fake = FakeOtlpOpenObserve.start(PackagedExtension.AUTHORIZATION);

	private LambdaSimulator simulator;

	private ExtensionProcess extension;

	private ExtensionProcess function;

	@AfterEach
	void close() throws Exception {
		try {
			Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
			if (this.extension != null) {
				Files.writeString(logs.resolve("OtlpFunctionEndToEndIT-extension.log"), this.extension.outputText() + "\n");
			}
			if (this.function != null) {
				Files.writeString(logs.resolve("OtlpFunctionEndToEndIT-function.log"), this.function.outputText() + "\n");
			}
		}
		finally {
			if (this.simulator != null) {
				this.simulator.close();
			}
			this.fake.close();
		}
	}

	@Test
	void theSdkStartedThroughTheExecWrapperHasEveryInvocationsDataDeliveredBeforeTheNextCall() throws Exception {
		int otlpPort = PackagedExtension.freePort();
		// Lambda gives the function's variables to the extension and the runtime alike
		Map<String, String> functionVariables = PackagedExtension.environment(this.fake.endpoint(), otlpPort,
				PackagedExtension.freePort());
		this.simulator = LambdaSimulator.builder().functionName("otel-function").functionVersion("5")
			.region("eu-west-3").memorySizeMb(256).start();
		this.extension = this.simulator.launchExtension(PackagedExtension.command(), functionVariables);
		this.function = this.simulator.launchFunction(functionCommand(), functionVariables);
		InitResult init = this.simulator.awaitInit(TIMEOUT);
		assertThat(init.status()).as("%s%n%s", this.extension.outputText(), this.function.outputText())
			.isEqualTo(InitResult.Status.READY);

		List<InvocationResult> invocations = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			assertThat(this.simulator.frozen()).isTrue();
			InvocationResult result = this.simulator.invokeFunction("request-" + i, "{\"items\":" + ITEMS + "}", TIMEOUT);
			assertThat(result.completed()).as(this.function.outputText()).isTrue();
			invocations.add(result);
			for (OtlpSignal signal : OtlpSignal.values()) {
				assertThat(this.fake.received(signal)).as("%s of request-%d", signal, i)
					.anySatisfy((r) -> assertThat(r.arrivalNanos()).isGreaterThan(result.startNanos())
						.isLessThan(result.nextCalledNanos()));
			}
			assertThat(this.fake.names(OtlpSignal.TRACES)).as("spans of request-%d before next", i)
				.containsAll(names("request-" + i));
			assertThat(this.fake.names(OtlpSignal.LOGS)).containsAll(names("request-" + i).subList(0, ITEMS));
		}
		ShutdownResult shutdown = this.simulator.shutdown();

		assertThat(shutdown.exits()).allSatisfy((exit) -> assertThat(exit.exitCode()).isZero());
		List<String> spans = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			spans.addAll(names("request-" + i));
		}
		assertThat(this.fake.names(OtlpSignal.TRACES)).as("every span once, nothing lost")
			.containsExactlyInAnyOrderElementsOf(spans);
		assertThat(this.fake.items(OtlpSignal.LOGS)).isEqualTo(3L * ITEMS);
		assertThat(this.fake.names(OtlpSignal.METRICS)).contains("function.items");
		assertThat(this.fake.received()).allSatisfy((r) -> {
			assertThat(r.organization()).isEqualTo(PackagedExtension.ORGANIZATION);
			assertThat(r.headers()).containsEntry("authorization", PackagedExtension.AUTHORIZATION)
				.containsEntry("content-type", "application/x-protobuf")
				.containsEntry("content-encoding", "gzip");
			assertThat(r.resourceAttributes()).as("set by the exec wrapper, read by the SDK")
				.containsEntry("service.name", "otel-function")
				.containsEntry("faas.name", "otel-function")
				.containsEntry("faas.version", "5")
				.containsEntry("cloud.region", "eu-west-3")
				.containsEntry("cloud.provider", "aws")
				.containsEntry("cloud.platform", "aws_lambda")
				.containsEntry("faas.max_memory", Long.toString(256L * 1024 * 1024));
		});
		assertThat(this.fake.received(OtlpSignal.TRACES)).allSatisfy(
				(r) -> assertThat(r.headers()).containsEntry("stream-name", "otel_traces"));
		assertThat(this.fake.received(OtlpSignal.LOGS)).allSatisfy(
				(r) -> assertThat(r.headers()).containsEntry("stream-name", "otel_logs"));
		assertThat(this.fake.logRecords()).as("the function's own output lines, through the Telemetry API")
			.isPositive();
		invocations.forEach((result) -> System.out.println("function E2E post-runtime " + result.requestId() + ": "
				+ result.postRuntime().toMillis() + " ms"));
	}

	private static List<String> names(String requestId) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < ITEMS; i++) {
			names.add(requestId + "-" + i);
		}
		names.add(requestId + "-handler");
		return names;
	}

	private static List<String> functionCommand() {
		Path wrapper = Path.of("layer-build", "layer", "otel-instrument").toAbsolutePath();
		return List.of(wrapper.toString(), System.getProperty("java.home") + "/bin/java", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), OtelFunction.class.getName());
	}

}
