package dev.o2ext.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.sim.FakeAwsSecrets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fetch against the simulator's fake Secrets Manager and SSM, which verifies every signature. */
class AuthorizationFetchTest {

	private static final AwsCredentials ROLE = new AwsCredentials("ASIAEXAMPLE", "role-key", "session-token");

	private static final String VALUE = "Basic dmFsdWU6c2VjcmV0";

	private final FakeAwsSecrets aws = FakeAwsSecrets.start(ROLE, "eu-west-1");

	@AfterEach
	void close() {
		this.aws.close();
	}

	private Map<String, String> env() {
		Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY",
				"role-key", "AWS_SESSION_TOKEN", "session-token", "AWS_REGION", "eu-west-1"));
		env.put("AWS_ENDPOINT_URL", this.aws.endpoint());
		return env;
	}

	@Test
	void readsASecretAndAParameterSigned() {
		this.aws.secret("s", VALUE).parameter("/p", VALUE);

		long start = System.nanoTime();
		AuthorizationFetch.Outcome secret = AuthorizationFetch.fetch(env(), true, "s", null);
		long first = System.nanoTime() - start;
		start = System.nanoTime();
		AuthorizationFetch.Outcome parameter = AuthorizationFetch.fetch(env(), false, "/p", null);
		System.out.printf("fetch in a warm test JVM: first %d ms, second %d ms%n", first / 1_000_000,
				(System.nanoTime() - start) / 1_000_000);

		assertThat(secret.value()).isEqualTo(VALUE);
		assertThat(parameter.value()).isEqualTo(VALUE);
		assertThat(this.aws.calls()).extracting(FakeAwsSecrets.Call::status).containsExactly(200, 200);
	}

	@Test
	void deniedIsFinalAndNamesTheCodeButNeverTheValue() {
		this.aws.secret("s", VALUE).deny("s");

		AuthorizationFetch.Outcome outcome = AuthorizationFetch.fetch(env(), true, "s", null);

		assertThat(outcome.value()).isNull();
		assertThat(outcome.failure()).contains("Secrets Manager secret s").contains("AccessDeniedException")
			.doesNotContain(VALUE);
		assertThat(outcome.toString()).doesNotContain(VALUE);
		assertThat(this.aws.calls()).hasSize(1);
	}

	@Test
	void throttlingGetsThreeAttemptsAtMost() {
		this.aws.secret("s", VALUE).throttle(5);

		AuthorizationFetch.Outcome outcome = AuthorizationFetch.fetch(env(), true, "s", null);

		assertThat(outcome.failure()).contains("ThrottlingException");
		assertThat(this.aws.calls()).hasSize(AuthorizationFetch.ATTEMPTS);
	}

	@Test
	void aJsonKeyPicksTheValueAndAMissingKeyIsMalformed() {
		this.aws.secret("s", "{\"authorization\":\"" + VALUE + "\",\"n\":1}");

		assertThat(AuthorizationFetch.fetch(env(), true, "s", "authorization").value()).isEqualTo(VALUE);
		assertThat(AuthorizationFetch.fetch(env(), true, "s", "n").failure()).contains("MalformedSecret");
		assertThat(AuthorizationFetch.fetch(env(), true, "s", "x").failure()).contains("MalformedSecret");
	}

	@Test
	void aMultiLineValueIsMalformed() {
		this.aws.secret("s", "Basic a\nBasic b");

		assertThat(AuthorizationFetch.fetch(env(), true, "s", null).failure()).contains("MalformedSecret")
			.doesNotContain("Basic a");
	}

	@Test
	void withoutCredentialsNothingIsSent() {
		Map<String, String> env = env();
		env.remove("AWS_SECRET_ACCESS_KEY");

		assertThat(AuthorizationFetch.fetch(env, true, "s", null).failure()).contains("NoCredentials");
		assertThat(this.aws.calls()).isEmpty();
	}

	@Test
	void endpointsFollowTheSdkVariables() {
		Map<String, String> env = new HashMap<>();
		assertThat(AwsEndpoints.resolve(env, "SSM", "ssm", "eu-west-1")).hasToString("https://ssm.eu-west-1.amazonaws.com/");
		assertThat(AwsEndpoints.resolve(env, "SSM", "ssm", "cn-north-1")).hasToString("https://ssm.cn-north-1.amazonaws.com.cn/");
		env.put("AWS_ENDPOINT_URL", "http://localhost:4566");
		assertThat(AwsEndpoints.resolve(env, "SSM", "ssm", "eu-west-1")).hasToString("http://localhost:4566/");
		env.put("AWS_ENDPOINT_URL_SSM", "https://vpce-1.ssm.eu-west-1.vpce.amazonaws.com");
		assertThat(AwsEndpoints.resolve(env, "SSM", "ssm", "eu-west-1"))
			.hasToString("https://vpce-1.ssm.eu-west-1.vpce.amazonaws.com/");
		env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
		assertThat(AwsEndpoints.resolve(env, "SSM", "ssm", "eu-west-1")).hasToString("https://ssm.eu-west-1.amazonaws.com/");
	}

}
