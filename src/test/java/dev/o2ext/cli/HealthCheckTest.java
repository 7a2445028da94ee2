package dev.o2ext.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HealthCheckTest {

	/** A made-up credential; the output is checked for it in code, never printed. */
	private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=";

	private static final String PATH = "/api/default/lambda_logs/_json";

	private final WireMockServer openObserve = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	@BeforeEach
	void start() {
		this.openObserve.start();
	}

	@AfterEach
	void stop() {
		this.openObserve.stop();
	}

	@Test
	void storedTestRecordIsOk() throws IOException {
		this.openObserve.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
			.withBody("{\"code\":200,\"status\":[{\"name\":\"lambda_logs\",\"successful\":1,\"failed\":0}]}")));

		int exit = run(env(this.openObserve.baseUrl()));

		assertThat(exit).isZero();
		assertThat(output()).contains("configuration OK", "organization default", "stream lambda_logs")
			.contains("OK: OpenObserve stored the test record");
		List<LoggedRequest> requests = this.openObserve.findAll(postRequestedFor(urlEqualTo(PATH)));
		assertThat(requests.size()).isEqualTo(1);
		assertThat(AUTH.equals(requests.get(0).getHeader("Authorization"))).as("sent the configured header").isTrue();
		// WireMock hands over the body already decompressed; the gzip bytes are checked in OpenObserveJsonSinkTest
		assertThat(requests.get(0).getHeader("Content-Encoding")).isEqualTo("gzip");
		JsonNode records = JsonMapper.builder().build().readTree(requests.get(0).getBodyAsString());
		assertThat(records.size()).isEqualTo(1);
		assertThat(records.get(0).get("type").asString()).isEqualTo("o2.health_check");
		assertThat(records.get(0).get("function_name").asString()).isEqualTo("orders-api");
		assertThat(records.get(0).get("_timestamp").asLong()).isPositive();
	}

	@Test
	void unauthorizedFailsWithAHintAndWithoutTheSecret() {
		this.openObserve.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(401).withBody("Unauthorized Access")));

		int exit = run(env(this.openObserve.baseUrl()));

		assertThat(exit).isEqualTo(1);
		assertThat(output()).contains("FAIL", "HTTP 401", "Unauthorized Access", "O2_AUTHORIZATION_HEADER");
	}

	@Test
	void aStoredNothingAnswerFails() {
		this.openObserve.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
			.withBody("{\"code\":200,\"status\":[{\"name\":\"lambda_logs\",\"successful\":0,\"failed\":0}]}")));

		assertThat(run(env(this.openObserve.baseUrl()))).isEqualTo(1);
		assertThat(output()).contains("FAIL: OpenObserve answered 200 but stored nothing");
	}

	@Test
	void anUnreachableServerFails() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}

		assertThat(run(env("http://127.0.0.1:" + closedPort))).isEqualTo(1);
		assertThat(output()).contains("FAIL: OpenObserve is not reachable");
	}

	@Test
	void anInvalidConfigurationListsEveryProblemAndSendsNothing() {
		Map<String, String> env = new HashMap<>();
		env.put("O2_AUTHORIZATION_HEADER", AUTH);
		env.put("O2_ENDPOINT", this.openObserve.baseUrl());
		env.put("O2_MAX_RETRIES", "many");

		int exit = run(env);

		assertThat(exit).isEqualTo(1);
		assertThat(output()).startsWith("FAIL: the configuration is invalid:")
			.contains("  - O2_ORGANIZATION_ID is not set", "  - O2_MAX_RETRIES must be a whole number");
		assertThat(this.openObserve.findAll(anyRequestedFor(anyUrl())).size()).isZero();
	}

	private int run(Map<String, String> env) {
		return HealthCheck.run(env, new PrintStream(this.printed, true, StandardCharsets.UTF_8));
	}

	/** What was printed, after checking (without printing it) that it holds no part of the secret. */
	private String output() {
		String text = this.printed.toString(StandardCharsets.UTF_8);
		assertThat(text.contains("dGVzdEBleGFtcGxl")).as("the secret was printed").isFalse();
		return text;
	}

	private static Map<String, String> env(String endpoint) {
		Map<String, String> env = new HashMap<>();
		env.put("O2_ORGANIZATION_ID", "default");
		env.put("O2_AUTHORIZATION_HEADER", AUTH);
		env.put("O2_ENDPOINT", endpoint);
		env.put("O2_STREAM", "lambda_logs");
		env.put("O2_REQUEST_TIMEOUT_MS", "5000");
		env.put("AWS_LAMBDA_FUNCTION_NAME", "orders-api");
		return env;
	}

}
