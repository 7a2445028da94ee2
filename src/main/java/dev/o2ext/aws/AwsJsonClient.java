package dev.o2ext.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One call of an AWS JSON-protocol API (version 1.1: {@code POST /} with {@code X-Amz-Target}),
 * signed with Signature V4, on {@link HttpURLConnection}: the client the Extensions API already
 * loaded, so the call adds no HTTP stack, no thread and no framework to Init (the JDK's
 * {@code java.net.http} would load its own module and selector thread, the WebClient only exists
 * once the Spring context has started). Blocking; called from the credential thread.
 */
public final class AwsJsonClient {

	/** Longest answer read; a secret is at most 64 KiB. */
	private static final int MAX_ANSWER_BYTES = 256 * 1024;

	private final AwsCredentials credentials;

	private final String region;

	private final Clock clock;

	private final JsonMapper mapper;

	public AwsJsonClient(AwsCredentials credentials, String region, Clock clock, JsonMapper mapper) {
		this.credentials = credentials;
		this.region = region;
		this.clock = clock;
		this.mapper = mapper;
	}

	/**
	 * Calls {@code target} (e.g. {@code secretsmanager.GetSecretValue}).
	 * @param service the signing name, e.g. {@code secretsmanager}
	 * @return the answer, also for an error status
	 * @throws IOException when no answer came (connection, timeout)
	 */
	public AwsAnswer call(URI endpoint, String service, String target, String jsonBody, Duration timeout)
			throws IOException {
		byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
		String host = endpoint.getHost() + ((endpoint.getPort() < 0) ? "" : ":" + endpoint.getPort());
		String date = SigV4Signer.AMZ_DATE.format(this.clock.instant());
		List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
				header("Host", host), header("Content-Type", "application/x-amz-json-1.1"),
				header("X-Amz-Date", date), header("X-Amz-Target", target)));
		String token = this.credentials.sessionToken();
		if (token != null) {
			headers.add(header("X-Amz-Security-Token", token));
		}
		String path = (endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()) ? "/" : endpoint.getRawPath();
		String authorization = SigV4Signer.authorization("POST", path, null, headers, body,
				Instant.from(SigV4Signer.AMZ_DATE.parse(date)), this.credentials, this.region, service);
		HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection(Proxy.NO_PROXY);
		try {
			int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
			connection.setConnectTimeout(millis);
			connection.setReadTimeout(millis);
			connection.setRequestMethod("POST");
			connection.setDoOutput(true);
			connection.setFixedLengthStreamingMode(body.length);
			for (Map.Entry<String, String> header : headers) {
				if (!header.getKey().equals("Host")) {
					connection.setRequestProperty(header.getKey(), header.getValue());
				}
			}
			connection.setRequestProperty("Authorization", authorization);
			try (OutputStream out = connection.getOutputStream()) {
				out.write(body);
			}
			int status = connection.getResponseCode();
			byte[] answer = read((status >= 400) ? connection.getErrorStream() : connection.getInputStream());
			JsonNode json = parse(answer);
			return new AwsAnswer(status, json, (status >= 300) ? errorCode(connection, json) : "");
		}
		finally {
			connection.disconnect();
		}
	}

	private @Nullable JsonNode parse(byte[] answer) {
		try {
			return (answer.length == 0) ? null : this.mapper.readTree(answer);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** {@code x-amzn-ErrorType} or the body's {@code __type}, without namespace and URL parts. */
	private static String errorCode(HttpURLConnection connection, @Nullable JsonNode json) {
		String code = connection.getHeaderField("x-amzn-ErrorType");
		if ((code == null || code.isBlank()) && json != null && json.path("__type").isString()) {
			code = json.path("__type").stringValue();
		}
		if (code == null || code.isBlank()) {
			return "HTTP" + connection.getHeaderField(0);
		}
		int hash = code.lastIndexOf('#');
		code = (hash >= 0) ? code.substring(hash + 1) : code;
		int colon = code.indexOf(':');
		code = (colon >= 0) ? code.substring(0, colon) : code;
		return code.replaceAll("[^A-Za-z0-9._-]", "");
	}

	private static byte[] read(@Nullable InputStream in) throws IOException {
		if (in == null) {
			return new byte[0];
		}
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] chunk = new byte[8192];
			int n;
			while ((n = in.read(chunk)) >= 0) {
				if (out.size() + n > MAX_ANSWER_BYTES) {
					throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
				}
				out.write(chunk, 0, n);
			}
			return out.toByteArray();
		}
	}

	private static Map.Entry<String, String> header(String name, String value) {
		return new AbstractMap.SimpleEntry<>(name, value);
	}

	/**
	 * An answer.
	 * @param status HTTP status
	 * @param json the body, null when empty or not JSON
	 * @param errorCode the AWS error code for a status of 300 and more, e.g. {@code AccessDeniedException}
	 */
	public record AwsAnswer(int status, @Nullable JsonNode json, String errorCode) {

		/** Worth another attempt: throttled or a server error. */
		public boolean retryable() {
			return this.status >= 500 || this.errorCode.contains("Throttl")
					|| this.errorCode.equals("TooManyRequestsException") || this.errorCode.equals("RequestLimitExceeded");
		}

	}

}
