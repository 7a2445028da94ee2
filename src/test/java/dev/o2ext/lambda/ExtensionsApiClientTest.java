package dev.o2ext.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExtensionsApiClientTest {

	private static final String ID = "6a1b2c3d-0000-4a5b-8c9d-0123456789ab";

	private final WireMockServer lambda = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private ExtensionsApiClient client;

	@BeforeEach
	void start() {
		this.lambda.start();
		this.client = new ExtensionsApiClient("127.0.0.1:" + this.lambda.port());
	}

	@AfterEach
	void stop() {
		this.lambda.stop();
	}

	@Test
	void registersForInvokeAndShutdownAndKeepsTheIdentifier() throws Exception {
		stubRegistration();

		Registration registration = this.client.register("o2-lambda-extension");

		assertThat(registration.extensionId()).isEqualTo(ID);
		assertThat(registration.body()).isEqualTo(Fixtures.extensionsApi("register-response.json"));
		assertThat(this.client.id()).isEqualTo(ID);
		this.lambda.verify(postRequestedFor(urlEqualTo(LambdaApi.REGISTER_PATH))
			.withHeader("Lambda-Extension-Name", equalTo("o2-lambda-extension"))
			.withHeader("Lambda-Extension-Accept-Feature", equalTo("accountId"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}")));
	}

	@Test
	void registersForShutdownOnlyWhereInvokeCannotBeRegistered() throws Exception {
		stubRegistration();

		this.client.register("o2-lambda-extension", InitializationType.MANAGED_INSTANCES.events());

		this.lambda.verify(postRequestedFor(urlEqualTo(LambdaApi.REGISTER_PATH))
			.withRequestBody(equalToJson("{\"events\":[\"SHUTDOWN\"]}")));
	}

	@Test
	void registrationClosedFailsWithTheStatusAndErrorType() {
		this.lambda.stubFor(post(LambdaApi.REGISTER_PATH)
			.willReturn(aResponse().withStatus(403).withBody(Fixtures.extensionsApi("error-registration-closed.json"))));

		LambdaApiException ex = catchThrowableOfType(LambdaApiException.class,
				() -> this.client.register("o2-lambda-extension"));

		assertThat(ex.status()).isEqualTo(403);
		assertThat(ex.getMessage()).contains("Extension.RegistrationClosed");
		assertThatThrownBy(this.client::id).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void registrationWithoutAnIdentifierFails() {
		this.lambda.stubFor(post(LambdaApi.REGISTER_PATH)
			.willReturn(aResponse().withStatus(200).withBody(Fixtures.extensionsApi("register-response.json"))));

		assertThat(catchThrowableOfType(LambdaApiException.class, () -> this.client.register("x")).status())
			.isEqualTo(200);
	}

	@Test
	void nextSendsTheIdentifierAndReturnsTheEvent() throws Exception {
		stubRegistration();
		this.lambda.stubFor(get(LambdaApi.NEXT_PATH)
			.willReturn(aResponse().withStatus(200).withBody(Fixtures.extensionsApi("invoke-event.json"))));
		this.client.register("o2-lambda-extension");

		assertThat(this.client.next()).isEqualTo(Fixtures.extensionsApi("invoke-event.json"));
		this.lambda.verify(getRequestedFor(urlEqualTo(LambdaApi.NEXT_PATH))
			.withHeader("Lambda-Extension-Identifier", equalTo(ID)));
	}

	@Test
	void nextFailsWithTheStatusWhenRefused() throws Exception {
		stubRegistration();
		this.lambda.stubFor(get(LambdaApi.NEXT_PATH)
			.willReturn(aResponse().withStatus(403).withBody(Fixtures.extensionsApi("error-missing-identifier.json"))));
		this.client.register("o2-lambda-extension");

		LambdaApiException ex = catchThrowableOfType(LambdaApiException.class, this.client::next);

		assertThat(ex.status()).isEqualTo(403);
		assertThat(ex.getMessage()).contains("Extension.MissingExtensionIdentifier");
	}

	@Test
	void anAdoptedRegistrationKeepsTheAccountTheLauncherReadOnlyWhenItIsOne() {
		ExtensionsApiClient adopted = new ExtensionsApiClient("127.0.0.1:1");
		adopted.adopt(ID, "702835727665");
		assertThat(adopted.accountId()).isEqualTo("702835727665");
		for (String bad : new String[] { "", "70283572766", "7028357276650", "70283572766x", "702835727665\n" }) {
			adopted.adopt(ID, bad);
			assertThat(adopted.accountId()).as("'%s'", bad).isNull();
		}
		adopted.adopt(ID, null);
		assertThat(adopted.accountId()).isNull();
	}

	@Test
	void anAdoptedRegistrationIsUsedWithoutRegisteringAgain() throws Exception {
		this.lambda.stubFor(get(LambdaApi.NEXT_PATH)
			.willReturn(aResponse().withStatus(200).withBody(Fixtures.extensionsApi("invoke-event.json"))));

		this.client.adopt(ID, null);

		assertThat(this.client.next()).isEqualTo(Fixtures.extensionsApi("invoke-event.json"));
		this.lambda.verify(getRequestedFor(urlEqualTo(LambdaApi.NEXT_PATH))
			.withHeader("Lambda-Extension-Identifier", equalTo(ID)));
		this.lambda.verify(0, postRequestedFor(urlEqualTo(LambdaApi.REGISTER_PATH)));
		for (String bad : new String[] { "", " ", "hi\n" + ID, ID + "\t", "a".repeat(129) }) {
			assertThatThrownBy(() -> new ExtensionsApiClient("127.0.0.1:1").adopt(bad, null))
				.isInstanceOf(IllegalArgumentException.class);
		}
	}

	@Test
	void nextBeforeRegistrationIsAProgrammingError() {
		assertThatThrownBy(this.client::next).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void initErrorSendsTheErrorTypeHeaderAndAJsonBody() throws Exception {
		stubRegistration();
		this.lambda.stubFor(post(LambdaApi.INIT_ERROR_PATH)
			.willReturn(aResponse().withStatus(202).withBody(Fixtures.extensionsApi("error-accepted.json"))));
		this.client.register("o2-lambda-extension");

		this.client.initError("Extension.ConfigInvalid", "O2_MAX_RETRIES must be a whole number, got 'x\"y'\nsecond");

		this.lambda.verify(postRequestedFor(urlEqualTo(LambdaApi.INIT_ERROR_PATH))
			.withHeader("Lambda-Extension-Identifier", equalTo(ID))
			.withHeader("Lambda-Extension-Function-Error-Type", equalTo("Extension.ConfigInvalid"))
			.withRequestBody(equalToJson("""
					{"errorMessage":"O2_MAX_RETRIES must be a whole number, got 'x\\"y'\\nsecond",
					 "errorType":"Extension.ConfigInvalid","stackTrace":[]}""")));
	}

	@Test
	void anErrorReportThatIsRefusedThrows() throws Exception {
		stubRegistration();
		this.lambda.stubFor(post(LambdaApi.INIT_ERROR_PATH).willReturn(aResponse().withStatus(500)));
		this.client.register("o2-lambda-extension");

		assertThat(catchThrowableOfType(LambdaApiException.class, () -> this.client.initError("E", "m")).status())
			.isEqualTo(500);
	}

	@Test
	void anUnreachableApiIsAnIoFailureWithStatusZero() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ExtensionsApiClient unreachable = new ExtensionsApiClient("127.0.0.1:" + closedPort);

		LambdaApiException ex = catchThrowableOfType(LambdaApiException.class, () -> unreachable.register("x"));

		assertThat(ex.status()).isZero();
		assertThat(ex.getCause()).isNotNull();
	}

	private void stubRegistration() {
		this.lambda.stubFor(post(LambdaApi.REGISTER_PATH)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Lambda-Extension-Identifier", ID)
				.withHeader("Content-Type", "application/json")
				.withBody(Fixtures.extensionsApi("register-response.json"))));
	}

}
