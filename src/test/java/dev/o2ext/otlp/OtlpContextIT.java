package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.o2ext.app.ExtensionApplication;
import dev.o2ext.config.ConfigLoader;
import dev.o2ext.http.NettyResources;
import dev.o2ext.lambda.ExtensionsApiClient;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.platformmetrics.PlatformMetrics;
import dev.o2ext.shipping.Flushable;
import dev.o2ext.shipping.Lane;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay as the Spring context wires it: its lanes flushed after the log lane, bound on its port,
 * counted in the diagnostics document, and absent when turned off.
 */
class OtlpContextIT {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void theRelayIsFlushedAfterTheLogsListensAndShowsInDiagnostics() throws Exception {
		int otlpPort = PackagedExtension.freePort();
		int diagnosticsPort = PackagedExtension.freePort();
		ConfigurableApplicationContext context = start(Map.of("O2_OTLP_PORT", String.valueOf(otlpPort),
				"O2_DIAGNOSTICS_PORT", String.valueOf(diagnosticsPort)));
		try {
			List<Flushable> flushables = context.getBean(FlushCoordinator.class).flushOrder();
			assertThat(flushables).hasSize(5);
			assertThat(flushables.get(0)).as("the logs go first").isSameAs(context.getBean("logLane"));
			assertThat(flushables.get(1)).as("then the platform metrics, onto the relay's queue")
				.isInstanceOf(PlatformMetrics.class);
			OtlpLanes lanes = context.getBean(OtlpLanes.class);
			assertThat(flushables.subList(2, 5)).as("then the relay's lanes: traces, logs, metrics")
				.containsExactly(lanes.traces(), lanes.logs(), lanes.metrics());
			assertThat(flushables).allSatisfy((flushable) -> assertThat(flushable)
				.isInstanceOfAny(Lane.class, PlatformMetrics.class));
			assertThat(context.getBean(OtlpServer.class).port()).isEqualTo(otlpPort);

			HttpResponse<byte[]> answer = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + otlpPort + "/v1/logs"))
				.header("Content-Type", "application/x-protobuf")
				.POST(HttpRequest.BodyPublishers.ofByteArray(SdkPayloads.protobuf(OtlpSignal.LOGS, 3, "ctx")))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			JsonNode otlp = diagnostics(diagnosticsPort).path("otlp");

			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(otlp.path("receiver").asString()).isEqualTo("listening");
			assertThat(otlp.path("port").asInt()).isEqualTo(otlpPort);
			assertThat(otlp.path("logs").path("acceptedItems").asLong()).isEqualTo(3);
			assertThat(otlp.path("logs").path("queuedItems").asLong()).isEqualTo(3);
			assertThat(otlp.path("traces").path("requests").asLong()).isZero();
		}
		finally {
			stop(context);
		}
	}

	@Test
	void turnedOffNothingListensAndDiagnosticsSaysSo() throws Exception {
		int otlpPort = PackagedExtension.freePort();
		int diagnosticsPort = PackagedExtension.freePort();
		ConfigurableApplicationContext context = start(Map.of("O2_OTLP_ENABLED", "false", "O2_OTLP_PORT",
				String.valueOf(otlpPort), "O2_DIAGNOSTICS_PORT", String.valueOf(diagnosticsPort)));
		try {
			assertThat(context.getBean(OtlpServer.class).listening()).isFalse();
			assertThat(diagnostics(diagnosticsPort).path("otlp").path("receiver").asString()).isEqualTo("disabled");
			try (java.net.ServerSocket free = new java.net.ServerSocket(otlpPort, 1,
					java.net.InetAddress.getByName("127.0.0.1"))) {
				assertThat(free.getLocalPort()).as("the port stayed free").isEqualTo(otlpPort);
			}
		}
		finally {
			stop(context);
		}
	}

	private static ConfigurableApplicationContext start(Map<String, String> overrides) {
		Map<String, String> env = new HashMap<>(Map.of("O2_ORGANIZATION_ID", "default", "O2_AUTHORIZATION_HEADER",
				"Basic Y29udGV4dDp0ZXN0", "O2_ENDPOINT", "http://127.0.0.1:9", "O2_TELEMETRY_PORT", "0",
				"O2_TELEMETRY_LISTEN_ADDRESS", "127.0.0.1", "O2_FLUSH_INTERVAL_MS", "0"));
		env.putAll(overrides);
		// the lifecycle loop is not run, so the Extensions API is never called
		return ExtensionApplication.start(ConfigLoader.load(env), new ExtensionsApiClient("127.0.0.1:9"), new String[0]);
	}

	private static void stop(ConfigurableApplicationContext context) {
		context.getBean("telemetryServer", DisposableServer.class).disposeNow(Duration.ofSeconds(10));
		context.getBean(OtlpServer.class).close();
		NettyResources netty = context.getBean(NettyResources.class);
		context.close();
		netty.loops().disposeLater().block(Duration.ofSeconds(10));
	}

	private JsonNode diagnostics(int port) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/diagnostics"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		return JsonMapper.builder().build().readTree(response.body());
	}

}
