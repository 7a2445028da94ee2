package dev.o2ext.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TelemetryApiClientTest {

	private static final String ID = "6a1b2c3d-0000-4a5b-8c9d-0123456789ab";

	private static final String DESTINATION = "http://sandbox.localdomain:4243/telemetry";

	private final WireMockServer lambda = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private TelemetryApiClient client;

	@BeforeEach
	void registered() throws LambdaApiException {
		this.lambda.start();
		this.lambda.stubFor(post(LambdaApi.REGISTER_PATH)
			.willReturn(aResponse().withStatus(200).withHeader("Lambda-Extension-Identifier", ID).withBody("{}")));
		ExtensionsApiClient extensions = new ExtensionsApiClient("127.0.0.1:" + this.lambda.port());
		extensions.register("o2-lambda-extension");
		this.client = new TelemetryApiClient(extensions, JsonMapper.builder().build());
	}

	@AfterEach
	void stop() {
		this.lambda.stop();
	}

	@Test
	void subscribesWithTheDocumentedRequest() throws Exception {
		this.lambda.stubFor(put(LambdaApi.TELEMETRY_PATH).willReturn(aResponse().withStatus(200).withBody("\"OK\"")));

		SubscriptionResult result = this.client.subscribe(DESTINATION, 1000, 262144, 25);

		assertThat(result).isEqualTo(SubscriptionResult.SUBSCRIBED);
		this.lambda.verify(putRequestedFor(urlEqualTo("/2022-07-01/telemetry"))
			.withHeader("Lambda-Extension-Identifier", equalTo(ID))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson(Fixtures.extensionsApi("telemetry-subscription-request.json"))));
	}

	@Test
	void passesTheBufferingItIsGiven() throws Exception {
		this.lambda.stubFor(put(LambdaApi.TELEMETRY_PATH).willReturn(aResponse().withStatus(200).withBody("\"OK\"")));

		this.client.subscribe("http://sandbox.localdomain:50123/telemetry", 10000, 1048576, 30000);

		this.lambda.verify(putRequestedFor(urlEqualTo(LambdaApi.TELEMETRY_PATH)).withRequestBody(equalToJson("""
				{"schemaVersion":"2025-01-29","types":["platform","function","extension"],
				 "buffering":{"maxItems":10000,"maxBytes":1048576,"timeoutMs":30000},
				 "destination":{"protocol":"HTTP","URI":"http://sandbox.localdomain:50123/telemetry"}}""")));
	}

	@Test
	void anEmulatorWithoutTelemetryIsNotSupported() throws Exception {
		this.lambda.stubFor(put(LambdaApi.TELEMETRY_PATH)
			.willReturn(aResponse().withStatus(202).withBody(Fixtures.extensionsApi("telemetry-not-supported.json"))));

		assertThat(this.client.subscribe(DESTINATION, 1000, 262144, 25)).isEqualTo(SubscriptionResult.NOT_SUPPORTED);
	}

	@Test
	void aValidationErrorThrowsWithStatusAndType() {
		this.lambda.stubFor(put(LambdaApi.TELEMETRY_PATH)
			.willReturn(aResponse().withStatus(400).withBody(Fixtures.extensionsApi("telemetry-validation-error.json"))));

		LambdaApiException ex = catchThrowableOfType(LambdaApiException.class,
				() -> this.client.subscribe(DESTINATION, 1000, 262144, 25));

		assertThat(ex.status()).isEqualTo(400);
		assertThat(ex.getMessage()).contains("ValidationError");
	}

	@Test
	void anAcceptedAnswerOfAnotherKindIsAFailure() {
		this.lambda.stubFor(put(LambdaApi.TELEMETRY_PATH).willReturn(aResponse().withStatus(202).withBody("{}")));

		assertThat(catchThrowableOfType(LambdaApiException.class,
				() -> this.client.subscribe(DESTINATION, 1000, 262144, 25)).status()).isEqualTo(202);
	}

}
