package dev.o2ext.aws;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the authorization header from Secrets Manager ({@code GetSecretValue}, the whole
 * {@code SecretString} or one key of a JSON secret) or SSM Parameter Store ({@code GetParameter}
 * with {@code WithDecryption}), once, on the credential thread during Init. Throttling, server
 * errors and I/O failures get at most {@value #ATTEMPTS} attempts within {@link #BUDGET}; a denied,
 * missing or malformed value is final at once (a wrong value is never retried). The outcome's
 * failure text names the secret or parameter and the AWS error code, never the value.
 */
public final class AuthorizationFetch {

	/** Attempts of a throttled or failing call. */
	static final int ATTEMPTS = 3;

	/** Upper bound of the whole fetch, all attempts included. */
	public static final Duration BUDGET = Duration.ofSeconds(5);

	private static final long FIRST_BACKOFF_MS = 200;

	/** Largest header value accepted (Secrets Manager allows 64 KiB secrets). */
	private static final int MAX_VALUE_CHARS = 8192;

	private final AwsJsonClient client;

	private final JsonMapper mapper;

	private final LongSupplier nanoTime;

	AuthorizationFetch(AwsJsonClient client, JsonMapper mapper, LongSupplier nanoTime) {
		this.client = client;
		this.mapper = mapper;
		this.nanoTime = nanoTime;
	}

	/**
	 * Fetches as the environment says: credentials, {@code AWS_REGION} and the endpoint variables.
	 * @param secretsManager true for a secret ({@code id} = ARN or name), false for an SSM parameter
	 * @param jsonKey for a secret: the key whose value is the header, or null for the whole secret
	 */
	public static Outcome fetch(Map<String, String> env, boolean secretsManager, String id, @Nullable String jsonKey) {
		String what = secretsManager ? "Secrets Manager secret " + id : "SSM parameter " + id;
		AwsCredentials credentials = AwsCredentials.fromEnvironment(env);
		String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "")).trim();
		if (credentials == null || region.isEmpty()) {
			return Outcome.failed(what, "NoCredentials", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_REGION is not set");
		}
		URI endpoint;
		try {
			endpoint = secretsManager ? AwsEndpoints.resolve(env, "SECRETS_MANAGER", "secretsmanager", region)
					: AwsEndpoints.resolve(env, "SSM", "ssm", region);
		}
		catch (IllegalArgumentException ex) {
			return Outcome.failed(what, "InvalidEndpoint", ex.getMessage());
		}
		JsonMapper mapper = JsonMapper.builder().build();
		AuthorizationFetch fetch = new AuthorizationFetch(new AwsJsonClient(credentials, region, Clock.systemUTC(), mapper),
				mapper, System::nanoTime);
		return secretsManager ? fetch.secret(endpoint, id, jsonKey) : fetch.parameter(endpoint, id);
	}

	Outcome secret(URI endpoint, String id, @Nullable String jsonKey) {
		String what = "Secrets Manager secret " + id;
		String body = this.mapper.createObjectNode().put("SecretId", id).toString();
		Attempt attempt = call(endpoint, "secretsmanager", "secretsmanager.GetSecretValue", body, what);
		if (attempt.failure != null) {
			return attempt.failure;
		}
		JsonNode text = attempt.json.path("SecretString");
		if (!text.isString()) {
			return Outcome.failed(what, "MalformedSecret", attempt.json.has("SecretBinary")
					? "the secret is binary (SecretBinary); store the header as a string" : "the answer has no SecretString");
		}
		if (jsonKey == null) {
			return value(what, text.stringValue());
		}
		JsonNode object;
		try {
			object = this.mapper.readTree(text.stringValue());
		}
		catch (JacksonException ex) {
			return Outcome.failed(what, "MalformedSecret", "O2_AUTHORIZATION_SECRET_KEY is set but the secret is not JSON");
		}
		JsonNode value = object.path(jsonKey);
		if (!object.isObject() || !value.isString()) {
			return Outcome.failed(what, "MalformedSecret", "the JSON secret has no string value at the key '"
					+ jsonKey.replaceAll("[^A-Za-z0-9._:/-]", "?") + "'");
		}
		return value(what, value.stringValue());
	}

	Outcome parameter(URI endpoint, String name) {
		String what = "SSM parameter " + name;
		String body = this.mapper.createObjectNode().put("Name", name).put("WithDecryption", true).toString();
		Attempt attempt = call(endpoint, "ssm", "AmazonSSM.GetParameter", body, what);
		if (attempt.failure != null) {
			return attempt.failure;
		}
		JsonNode value = attempt.json.path("Parameter").path("Value");
		if (!value.isString()) {
			return Outcome.failed(what, "MalformedParameter", "the answer has no Parameter.Value");
		}
		return value(what, value.stringValue());
	}

	private static Outcome value(String what, String value) {
		String header = value.trim();
		if (header.isEmpty()) {
			return Outcome.failed(what, "MalformedSecret", "the value is empty");
		}
		if (header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0) {
			return Outcome.failed(what, "MalformedSecret", "the value is not a single line");
		}
		if (header.length() > MAX_VALUE_CHARS) {
			return Outcome.failed(what, "MalformedSecret", "the value is longer than " + MAX_VALUE_CHARS + " characters");
		}
		return new Outcome(header, null);
	}

	private Attempt call(URI endpoint, String service, String target, String body, String what) {
		long deadline = this.nanoTime.getAsLong() + BUDGET.toNanos();
		Outcome last = Outcome.failed(what, "Timeout", "no answer within " + BUDGET.toSeconds() + " s");
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			long left = deadline - this.nanoTime.getAsLong();
			if (left <= 0) {
				break;
			}
			try {
				AwsJsonClient.AwsAnswer answer = this.client.call(endpoint, service, target, body, Duration.ofNanos(left));
				if (answer.status() == 200 && answer.json() != null) {
					return new Attempt(answer.json(), null);
				}
				last = Outcome.failed(what, (answer.status() == 200) ? "MalformedAnswer" : answer.errorCode(),
						"HTTP " + answer.status() + ((answer.status() == 200) ? ", the answer is not JSON" : ""));
				if (answer.status() == 200 || !answer.retryable()) {
					break;
				}
			}
			catch (IOException ex) {
				last = Outcome.failed(what, ex.getClass().getSimpleName(), "no answer from " + endpoint.getHost());
			}
			if (attempt == ATTEMPTS) {
				break;
			}
			sleep(Math.min(FIRST_BACKOFF_MS << (attempt - 1), Math.max(0, (deadline - this.nanoTime.getAsLong()) / 1_000_000)));
		}
		return new Attempt(this.mapper.createObjectNode(), last);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Attempt(JsonNode json, @Nullable Outcome failure) {
	}

	/**
	 * What the fetch gave.
	 * @param value the header value, null when it failed
	 * @param failure one line for people: what, the AWS error code, why; never the value
	 */
	public record Outcome(@Nullable String value, @Nullable String failure) {

		static Outcome failed(String what, String code, String reason) {
			return new Outcome(null, "could not read the authorization header from the " + what + ": " + code + " ("
					+ reason + ")");
		}

		@Override
		public String toString() {
			return (this.value != null) ? "Outcome[value=****]" : "Outcome[" + this.failure + "]";
		}

	}

}
