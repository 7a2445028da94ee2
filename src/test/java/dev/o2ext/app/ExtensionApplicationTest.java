package dev.o2ext.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.ConfigLoader;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.lambda.ExtensionsApiClient;
import dev.o2ext.lifecycle.ExtensionLoop;
import dev.o2ext.lifecycle.ExtensionStatus;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.http.NettyResources;
import dev.o2ext.otlp.OtlpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the real Spring context as the main method does, with both listeners on loopback
 * ports, and talks to them over HTTP. The context is shared by the tests (they read counters
 * as differences) and closed with its servers at the end.
 */
class ExtensionApplicationTest {

	private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=";

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws IOException {
		ExtensionConfig config = ConfigLoader.load(Map.of("O2_ORGANIZATION_ID", "default", "O2_AUTHORIZATION_HEADER",
				AUTH, "O2_ENDPOINT", "http://127.0.0.1:9", "O2_TELEMETRY_PORT", "0", "O2_TELEMETRY_LISTEN_ADDRESS",
				"127.0.0.1", "O2_DIAGNOSTICS_PORT", String.valueOf(freePort()), "O2_FLUSH_INTERVAL_MS", "0",
				"O2_OTLP_PORT", String.valueOf(freePort()), "AWS_LAMBDA_FUNCTION_NAME", "hny-lambda-ext-capture"));
		// never called here: the loop is not run, so no request reaches the Extensions API
		context = ExtensionApplication.start(config, new ExtensionsApiClient("127.0.0.1:9"), new String[0]);
	}

	@AfterAll
	static void stop() {
		if (context == null) {
			return;
		}
		// the servers outlive the context by design (the process ends with them): dispose them here
		context.getBean("telemetryServer", DisposableServer.class).disposeNow(Duration.ofSeconds(10));
		context.getBean(OtlpServer.class).close();
		int diagnostics = context.getBean(ServersConfiguration.DiagnosticsServer.class).port();
		NettyResources netty = context.getBean(NettyResources.class);
		context.close();
		netty.loops().disposeLater().block(Duration.ofSeconds(10));
		assertThat(diagnostics).isPositive();
	}

	@Test
	void theContextHoldsThePipelineAndBindsTheTelemetryListener() {
		assertThat(context.isRunning()).isTrue();
		assertThat(context.getBean(OtlpServer.class).listening()).isTrue();
		assertThat(context.getBean(ExtensionLoop.class)).isNotNull();
		assertThat(context.getBean(ExtensionStatus.class).telemetryPort()).isPositive()
			.isEqualTo(context.getBean("telemetryServer", DisposableServer.class).port());
	}

	@Test
	void aTelemetryBatchIsAnsweredWith200AndBuffered() throws Exception {
		long before = buffered();

		HttpResponse<String> response = postTelemetry(fixture("aws-capture-2026-07-text-log-format.json"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(buffered() - before).isEqualTo(20);
		assertThat(metrics().snapshot().logs().accepted()).isGreaterThanOrEqualTo(20);
	}

	@Test
	void aMalformedBatchIsAnsweredWith200AndCounted() throws Exception {
		long before = metrics().snapshot().unparsableBatches();
		long buffered = buffered();

		HttpResponse<String> response = postTelemetry("[{\"type\":\"function\",".getBytes());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(metrics().snapshot().unparsableBatches() - before).isEqualTo(1);
		assertThat(buffered()).isEqualTo(buffered);
	}

	@Test
	void anEmptyBatchIsAnsweredWith200AndCounted() throws Exception {
		long before = metrics().snapshot().unparsableBatches();

		HttpResponse<String> response = postTelemetry(new byte[0]);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(metrics().snapshot().unparsableBatches() - before).isEqualTo(1);
	}

	@Test
	void diagnosticsAnswerJsonOnLoopback() throws Exception {
		int port = context.getBean(ServersConfiguration.DiagnosticsServer.class).port();

		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/diagnostics"))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body().contains("dGVzdEBleGFtcGxl")).as("the secret is in diagnostics").isFalse();
		JsonNode doc = JsonMapper.builder().build().readTree(response.body());
		assertThat(doc.get("telemetryPort").asInt()).isEqualTo(context.getBean(ExtensionStatus.class).telemetryPort());
		assertThat(doc.get("subscription").asString()).isEqualTo("pending");
		assertThat(doc.at("/buffer/capacityBytes").asLong()).isEqualTo(10L * 1024 * 1024);
		assertThat(doc.at("/counters/dropped/buffer_full").isNumber()).isTrue();
		assertThat(doc.at("/otlp/port").asInt()).isEqualTo(context.getBean(OtlpServer.class).port());
	}

	private static HttpResponse<String> postTelemetry(byte[] body) throws IOException, InterruptedException {
		int port = context.getBean(ExtensionStatus.class).telemetryPort();
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telemetry"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static long buffered() {
		return context.getBean(BoundedQueue.class).stats().count();
	}

	private static InMemoryPipelineMetrics metrics() {
		return context.getBean(InMemoryPipelineMetrics.class);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static byte[] fixture(String name) {
		try (InputStream in = ExtensionApplicationTest.class.getResourceAsStream("/fixtures/telemetry/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
