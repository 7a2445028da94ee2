package dev.o2ext.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Client of the Extensions API on {@code AWS_LAMBDA_RUNTIME_API}, on nothing but
 * {@link HttpURLConnection} so that registration, the first thing the process does, loads no
 * framework. Called from the main thread (registration) and then from the lifecycle thread
 * only. The event long poll has no read timeout: the sandbox may be frozen while it waits.
 */
public final class ExtensionsApiClient {

	private static final int CONNECT_TIMEOUT_MS = 5000;

	/** Lambda's identifiers are UUIDs; the launcher's registration script accepts the same. */
	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	/** The register answer's {@code accountId} (asked for with {@code Lambda-Extension-Accept-Feature: accountId}). */
	private static final Pattern ACCOUNT_ID = Pattern.compile("\"accountId\"\\s*:\\s*\"(\\d{12})\"");

	private final String baseUrl;

	private @Nullable String extensionId;

	private volatile @Nullable String accountId;

	/** @param runtimeApi host and port, e.g. {@code 127.0.0.1:9001} */
	public ExtensionsApiClient(String runtimeApi) {
		this.baseUrl = "http://" + runtimeApi;
	}

	/**
	 * Registers for INVOKE and SHUTDOWN.
	 * @param name the executable's file name in {@code /opt/extensions}
	 */
	public Registration register(String name) throws LambdaApiException {
		return register(name, InitializationType.ON_DEMAND.events());
	}

	/**
	 * Registers for the given events ({@link InitializationType#events()}).
	 * @param name the executable's file name in {@code /opt/extensions}
	 * @param events e.g. {@code INVOKE}, {@code SHUTDOWN}
	 */
	public Registration register(String name, List<String> events) throws LambdaApiException {
		String body = "{\"events\":[" + events.stream().map(JsonText::quote).collect(Collectors.joining(",")) + "]}";
		Response response = call("POST", LambdaApi.REGISTER_PATH, body,
				LambdaApi.NAME_HEADER, name, LambdaApi.ACCEPT_FEATURE_HEADER, "accountId");
		String id = response.identifier();
		if (response.status() != 200 || id == null) {
			throw new LambdaApiException("register failed: " + response.describe(), response.status());
		}
		this.extensionId = id;
		java.util.regex.Matcher account = ACCOUNT_ID.matcher(response.body());
		this.accountId = account.find() ? account.group(1) : null;
		return new Registration(id, response.body());
	}

	/**
	 * Takes over a registration made before this process ran (the layer's launcher registers
	 * before it starts the JVM, see {@link LambdaApi#PRE_REGISTERED_ID_VARIABLE}).
	 * @param id the {@code Lambda-Extension-Identifier} the platform answered
	 * @param accountId the answer's {@code accountId} as the launcher read it, or null; ignored
	 *        unless it is twelve digits
	 * @throws IllegalArgumentException when the id cannot be one (it would go into every request's header)
	 */
	public void adopt(String id, @Nullable String accountId) {
		if (!IDENTIFIER.matcher(id).matches()) {
			throw new IllegalArgumentException("not an extension identifier");
		}
		this.extensionId = id;
		this.accountId = (accountId != null && accountId.matches("\\d{12}")) ? accountId : null;
	}

	/**
	 * The account id of the register answer (this process's, or the launcher's passed on to
	 * {@link #adopt}), or {@code null} when the answer had none.
	 */
	public @Nullable String accountId() {
		return this.accountId;
	}

	/** Blocks until the next event and returns its JSON body. */
	public String next() throws LambdaApiException {
		Response response = call("GET", LambdaApi.NEXT_PATH, null, LambdaApi.IDENTIFIER_HEADER, id());
		if (response.status() != 200) {
			throw new LambdaApiException("event/next failed: " + response.describe(), response.status());
		}
		return response.body();
	}

	/** Reports a failed initialisation; afterwards the process must exit. */
	public void initError(String errorType, String message) throws LambdaApiException {
		reportError(LambdaApi.INIT_ERROR_PATH, errorType, message);
	}

	/** The identifier from registration. */
	public String id() {
		String id = this.extensionId;
		if (id == null) {
			throw new IllegalStateException("not registered");
		}
		return id;
	}

	/** The base URL of the runtime API, for the Telemetry API client. */
	String baseUrl() {
		return this.baseUrl;
	}

	private void reportError(String path, String errorType, String message) throws LambdaApiException {
		String body = "{\"errorMessage\":" + JsonText.quote(message) + ",\"errorType\":" + JsonText.quote(errorType)
				+ ",\"stackTrace\":[]}";
		Response response = call("POST", path, body, LambdaApi.IDENTIFIER_HEADER, id(), LambdaApi.ERROR_TYPE_HEADER,
				errorType);
		if (response.status() != 202 && response.status() != 200) {
			throw new LambdaApiException(path + " failed: " + response.describe(), response.status());
		}
	}

	Response call(String method, String path, @Nullable String body, String... headers) throws LambdaApiException {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(this.baseUrl + path).toURL()
				.openConnection(Proxy.NO_PROXY);
			connection.setRequestMethod(method);
			connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
			connection.setReadTimeout(0);
			for (int i = 0; i < headers.length; i += 2) {
				connection.setRequestProperty(headers[i], headers[i + 1]);
			}
			if (body != null) {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				connection.setDoOutput(true);
				connection.setRequestProperty("Content-Type", "application/json");
				connection.setFixedLengthStreamingMode(bytes.length);
				try (OutputStream out = connection.getOutputStream()) {
					out.write(bytes);
				}
			}
			int status = connection.getResponseCode();
			String text = read((status >= 400) ? connection.getErrorStream() : connection.getInputStream());
			return new Response(status, text, connection.getHeaderField(LambdaApi.IDENTIFIER_HEADER));
		}
		catch (IOException ex) {
			throw new LambdaApiException(method + " " + path + " failed: " + ex, ex);
		}
	}

	private static String read(@Nullable InputStream in) throws IOException {
		if (in == null) {
			return "";
		}
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toString(StandardCharsets.UTF_8);
		}
	}

	/**
	 * An answer of the API.
	 * @param status HTTP status
	 * @param body the body as text
	 * @param identifier the extension identifier header, on registration
	 */
	record Response(int status, String body, @Nullable String identifier) {

		String describe() {
			return "HTTP " + this.status + " " + this.body;
		}

	}

}
