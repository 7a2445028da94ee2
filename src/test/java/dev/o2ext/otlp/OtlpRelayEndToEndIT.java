package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.o2ext.sim.ExtensionProcess;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.LambdaSimulator;
import dev.o2ext.sim.ShutdownResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged extension under the Lambda simulator, with the OpenTelemetry Java SDK in this JVM
 * as the function's SDK: it exports while the sandbox runs (before the invocation's
 * runtimeDone, as a handler's forceFlush does), and the data must be at the fake OpenObserve
 * before the extension calls next, across invocations separated by freezes, and drained at
 * shutdown.
 */
class OtlpRelayEndToEndIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final FakeOtlpOpenObserve fake = FakeOtlpOpenObserve.start(PackagedExtension.AUTHORIZATION);

	private final int otlpPort = PackagedExtension.freePort();

	private final int diagnosticsPort = PackagedExtension.freePort();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private LambdaSimulator simulator;

	private ExtensionProcess extension;

	private String testName = "otlp";

	@AfterEach
	void close(TestInfo info) throws Exception {
		try {
			if (this.extension != null) {
				Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
				Files.writeString(logs.resolve("OtlpRelayEndToEndIT-" + info.getDisplayName().replaceAll("\\W", "") + ".log"),
						this.extension.outputText() + "\n");
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
	void whatTheSdkExportsInAnInvocationIsInOpenObserveBeforeTheNextCallAcrossFreezesAndShutdown() throws Exception {
		start();
		List<InvocationResult> invocations = new ArrayList<>();
		SdkClient sdk = new SdkClient("http://127.0.0.1:" + this.otlpPort, true, false);
		try {
			for (int i = 1; i <= 3; i++) {
				String name = "invocation-" + i;
				assertThat(this.simulator.frozen()).as("frozen between invocations").isTrue();
				this.simulator.whileThawed(() -> {
					sdk.record(4, name);
					return sdk.flush();
				});
				InvocationResult result = this.simulator.invoke("request-" + i, List.of(name + " log line"), TIMEOUT);
				assertThat(result.completed()).as(this.extension.outputText()).isTrue();
				invocations.add(result);
				assertDeliveredBefore(name, result.nextCalledNanos());
			}
			this.simulator.whileThawed(() -> {
				sdk.record(2, "before-shutdown");
				return sdk.flush();
			});
		}
		finally {
			closeThawed(sdk);
		}
		ShutdownResult shutdown = this.simulator.shutdown();

		assertThat(shutdown.exits()).allSatisfy((exit) -> {
			assertThat(exit.exitCode()).isZero();
			assertThat(exit.exitedBeforeDeadline()).isTrue();
		});
		assertThat(this.fake.names(OtlpSignal.TRACES)).containsExactlyElementsOf(expectedNames());
		assertThat(this.fake.names(OtlpSignal.LOGS)).containsExactlyElementsOf(expectedNames());
		assertThat(this.fake.names(OtlpSignal.METRICS)).contains("relay.test.counter");
		assertThat(this.fake.received(OtlpSignal.METRICS).get(this.fake.received(OtlpSignal.METRICS).size() - 1)
			.arrivalNanos()).isGreaterThan(invocations.get(2).nextCalledNanos());
		assertThat(this.fake.received()).allSatisfy((r) -> {
			assertThat(r.organization()).isEqualTo(PackagedExtension.ORGANIZATION);
			assertThat(r.headers()).containsEntry("authorization", PackagedExtension.AUTHORIZATION)
				.containsEntry("content-type", "application/x-protobuf")
				.containsEntry("content-encoding", "gzip");
		});
		assertThat(this.fake.received(OtlpSignal.TRACES)).allSatisfy(
				(r) -> assertThat(r.headers()).containsEntry("stream-name", "otel_traces"));
		assertThat(this.fake.received(OtlpSignal.LOGS)).allSatisfy(
				(r) -> assertThat(r.headers()).containsEntry("stream-name", "otel_logs"));
		assertThat(this.fake.logRecords()).as("the function's log lines went their own way").isPositive();
		assertThat(this.extension.outputText()).doesNotContain(PackagedExtension.AUTHORIZATION)
			.doesNotContain("b3RscC1lMmU6c2VjcmV0LTQy");
		invocations.forEach((result) -> System.out.println(
				"post-runtime " + result.requestId() + ": " + result.postRuntime().toMillis() + " ms"));
	}

	@Test
	void diagnosticsShowsTheRelaysCountersPerSignal() throws Exception {
		start();
		SdkClient sdk = new SdkClient("http://127.0.0.1:" + this.otlpPort, false, false);
		try {
			this.simulator.whileThawed(() -> {
				sdk.record(3, "counted");
				return sdk.flush();
			});
			this.simulator.invoke("request-1", List.of("line"), TIMEOUT);
		}
		finally {
			closeThawed(sdk);
		}

		JsonNode otlp = diagnostics().path("otlp");

		assertThat(otlp.path("receiver").asString()).isEqualTo("listening");
		assertThat(otlp.path("port").asInt()).isEqualTo(this.otlpPort);
		assertThat(otlp.path("traces").path("forwardedItems").asLong()).isEqualTo(3);
		assertThat(otlp.path("logs").path("forwardedItems").asLong()).isEqualTo(3);
		assertThat(otlp.path("metrics").path("forwardedItems").asLong()).isEqualTo(this.fake.items(OtlpSignal.METRICS));
		for (String signal : List.of("traces", "metrics", "logs")) {
			JsonNode counters = otlp.path(signal);
			assertThat(counters.path("acceptedItems").asLong()).as(signal)
				.isEqualTo(counters.path("forwardedItems").asLong() + counters.path("queuedItems").asLong());
			assertThat(counters.path("sentRequests").asLong()).as(signal).isEqualTo(1);
		}
	}

	@Test
	void whileOpenObserveFailsTheDataWaitsAndGoesWithTheNextInvocation() throws Exception {
		start();
		SdkClient sdk = new SdkClient("http://127.0.0.1:" + this.otlpPort, true, false);
		try {
			this.fake.failAlways(503);
			this.simulator.whileThawed(() -> {
				sdk.record(2, "during-outage");
				return sdk.flush();
			});
			InvocationResult failed = this.simulator.invoke("request-1", List.of("line"), TIMEOUT);
			assertThat(failed.completed()).isTrue();
			assertThat(this.fake.received()).isEmpty();

			this.fake.recover();
			this.simulator.whileThawed(() -> {
				sdk.record(1, "after-outage");
				return sdk.flush();
			});
			InvocationResult recovered = this.simulator.invoke("request-2", List.of("line"), TIMEOUT);

			assertThat(recovered.completed()).isTrue();
			assertThat(this.fake.names(OtlpSignal.TRACES)).containsExactly("during-outage-0", "during-outage-1",
					"after-outage-0");
			assertThat(this.fake.received()).allSatisfy((r) -> assertThat(r.arrivalNanos())
				.isLessThan(recovered.nextCalledNanos()));
		}
		finally {
			closeThawed(sdk);
		}
		JsonNode traces = diagnostics().path("otlp").path("traces");
		assertThat(traces.path("retries").asLong()).isPositive();
		assertThat(traces.path("forwardedItems").asLong()).isEqualTo(3);
	}

	/** Shuts the SDK down (its last metric export included) while the relay can answer. */
	private void closeThawed(SdkClient sdk) throws Exception {
		this.simulator.whileThawed(() -> {
			sdk.close();
			return null;
		});
	}

	private void start() throws InterruptedException {
		this.simulator = LambdaSimulator.builder().functionName("otel-function").functionVersion("3")
			.region("eu-central-1").start();
		this.extension = this.simulator.launchExtension(PackagedExtension.command(),
				PackagedExtension.environment(this.fake.endpoint(), this.otlpPort, this.diagnosticsPort));
		InitResult init = this.simulator.awaitInit(TIMEOUT);
		assertThat(init.status()).as(this.extension.outputText()).isEqualTo(InitResult.Status.READY);
	}

	private void assertDeliveredBefore(String prefix, long nextCalledNanos) {
		for (OtlpSignal signal : List.of(OtlpSignal.TRACES, OtlpSignal.LOGS)) {
			List<FakeOtlpOpenObserve.Received> requests = this.fake.received(signal).stream()
				.filter((r) -> r.names().stream().anyMatch((n) -> n.startsWith(prefix + "-")))
				.toList();
			assertThat(requests).as("%s of %s at OpenObserve", signal, prefix).isNotEmpty();
			assertThat(requests).allSatisfy((r) -> assertThat(r.arrivalNanos())
				.as("%s of %s arrived before the extension's next call", signal, prefix)
				.isLessThan(nextCalledNanos));
		}
	}

	private static List<String> expectedNames() {
		List<String> names = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			String prefix = "invocation-" + i;
			IntStream.range(0, 4).forEach((n) -> names.add(prefix + "-" + n));
		}
		names.add("before-shutdown-0");
		names.add("before-shutdown-1");
		return names;
	}

	private JsonNode diagnostics() throws Exception {
		return this.simulator.whileThawed(() -> {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.diagnosticsPort + "/diagnostics"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			return JsonMapper.builder().build().readTree(response.body());
		});
	}

}
