package dev.o2ext.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;

import dev.o2ext.lambda.InitializationType;
import org.springframework.util.unit.DataSize;

/**
 * Builds the {@link ExtensionConfig} from environment variables and validates it as a whole.
 * Defaults follow the incumbent Rust extension where it has the variable; the full table is in
 * {@code docs/configuration.md}.
 */
public final class ConfigLoader {

	/** The default name, equal to the executable's file name in the layer. */
	public static final String DEFAULT_EXTENSION_NAME = "o2-lambda-extension";

	private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_.:-]+");

	private ConfigLoader() {
	}

	/**
	 * Reads and validates the configuration.
	 * @param env the process environment
	 * @return the configuration
	 * @throws ConfigException listing every problem, each naming its variable
	 */
	public static ExtensionConfig load(Map<String, String> env) {
		EnvReader reader = new EnvReader(env);
		AuthorizationSource source = authorizationSource(reader);
		OpenObserveSettings openObserve = openObserve(reader, source);
		RetrySettings retry = retry(reader);
		BufferSettings buffer = buffer(reader);
		InitializationType initialization = InitializationType.from(env);
		boolean continuous = !initialization.invocationEvents();
		int interval = reader.integer("O2_FLUSH_INTERVAL_MS", continuous ? 1000 : 5000, 0, 600_000);
		if (continuous && interval == 0) {
			reader.problem("O2_FLUSH_INTERVAL_MS must not be 0 on Lambda Managed Instances: there is no end of"
					+ " invocation to flush at, the interval is the delivery latency (default 1000)");
			interval = 1000;
		}
		FlushSettings flush = new FlushSettings(
				Duration.ofMillis(reader.integer("O2_FLUSH_BUDGET_MS", 2000, 50, 60_000)),
				Duration.ofMillis(interval),
				reader.integer("O2_FLUSH_THRESHOLD_PERCENT", 50, 1, 100),
				Duration.ofMillis(reader.integer("O2_SHUTDOWN_MARGIN_MS", 300, 0, 1500)));
		TelemetrySettings telemetry = new TelemetrySettings(reader.integer("O2_TELEMETRY_PORT", 4243, 0, 65535),
				reader.string("O2_TELEMETRY_LISTEN_ADDRESS", "0.0.0.0"),
				reader.string("O2_TELEMETRY_HOST", "sandbox.localdomain"),
				reader.integer("O2_TELEMETRY_MAX_ITEMS", 1000, 1000, 10_000),
				reader.integer("O2_TELEMETRY_MAX_BYTES", 262_144, 262_144, 1_048_576),
				reader.integer("O2_TELEMETRY_TIMEOUT_MS", 25, 25, 30_000));
		if (telemetry.port() == 9001) {
			reader.problem("O2_TELEMETRY_PORT must not be 9001: Lambda reserves it for its own APIs");
		}
		int diagnosticsPort = reader.integer("O2_DIAGNOSTICS_PORT", 4244, 0, 65535);
		Level logLevel = logLevel(reader);
		FunctionInfo function = new FunctionInfo(reader.string("AWS_LAMBDA_FUNCTION_NAME", ""),
				reader.string("AWS_LAMBDA_FUNCTION_VERSION", ""), reader.string("AWS_REGION", ""),
				memorySize(reader));
		String name = reader.string("O2_EXTENSION_NAME", DEFAULT_EXTENSION_NAME);
		OtlpSettings otlp = OtlpSettings.read(reader, buffer);
		CircuitSettings circuit = CircuitSettings.read(reader);
		if (!reader.problems().isEmpty()) {
			// a secret pasted into the wrong variable must not be echoed back
			Secret secret = openObserve.authorization();
			throw new ConfigException(reader.problems().stream()
				.map(secret::scrub)
				.toList());
		}
		return new ExtensionConfig(openObserve, retry, buffer, flush, telemetry, diagnosticsPort, logLevel, name,
				function, otlp, initialization, source, circuit);
	}

	private static OpenObserveSettings openObserve(EnvReader reader, AuthorizationSource source) {
		String organization = reader.required("O2_ORGANIZATION_ID",
				"set it to your OpenObserve organization id (e.g. default)");
		Secret secret;
		if (source.remote()) {
			secret = Secret.pending();
		}
		else {
			String authorization = reader.required("O2_AUTHORIZATION_HEADER",
					"set it to the whole Authorization header value, e.g. 'Basic <base64 of email:passcode>', or name"
							+ " a secret in O2_AUTHORIZATION_SECRET_ARN or O2_AUTHORIZATION_SSM_PARAMETER");
			if (authorization.indexOf('\r') >= 0 || authorization.indexOf('\n') >= 0) {
				reader.problem("O2_AUTHORIZATION_HEADER must be a single line (it contains a line break)");
			}
			secret = new Secret(authorization);
		}
		String stream = reader.string("O2_STREAM", "default");
		checkSegment(reader, "O2_ORGANIZATION_ID", organization);
		checkSegment(reader, "O2_STREAM", stream);
		URI endpoint = endpoint(reader, reader.bool("O2_ALLOW_INSECURE_HTTP", false));
		Duration timeout = Duration.ofMillis(reader.integer("O2_REQUEST_TIMEOUT_MS", 30_000, 100, 600_000));
		return new OpenObserveSettings(endpoint, organization, stream, secret, timeout);
	}

	/** Which of the three authorization variables is set; more than one is a problem. */
	static AuthorizationSource authorizationSource(EnvReader reader) {
		String header = reader.raw("O2_AUTHORIZATION_HEADER");
		String arn = reader.string("O2_AUTHORIZATION_SECRET_ARN", "").trim();
		String parameter = reader.string("O2_AUTHORIZATION_SSM_PARAMETER", "").trim();
		String key = reader.string("O2_AUTHORIZATION_SECRET_KEY", "").trim();
		int set = ((header != null && !header.isBlank()) ? 1 : 0) + (arn.isEmpty() ? 0 : 1) + (parameter.isEmpty() ? 0 : 1);
		if (set > 1) {
			reader.problem("set only one of O2_AUTHORIZATION_HEADER, O2_AUTHORIZATION_SECRET_ARN and"
					+ " O2_AUTHORIZATION_SSM_PARAMETER");
		}
		if (!key.isEmpty() && arn.isEmpty()) {
			reader.problem("O2_AUTHORIZATION_SECRET_KEY selects a key of the secret in O2_AUTHORIZATION_SECRET_ARN,"
					+ " which is not set");
		}
		if (!arn.isEmpty()) {
			return new AuthorizationSource(AuthorizationSource.Kind.SECRETS_MANAGER, arn, key.isEmpty() ? null : key);
		}
		if (!parameter.isEmpty()) {
			return new AuthorizationSource(AuthorizationSource.Kind.SSM_PARAMETER, parameter, null);
		}
		return AuthorizationSource.HEADER;
	}

	private static void checkSegment(EnvReader reader, String name, String value) {
		if (!value.isEmpty() && !PATH_SEGMENT.matcher(value).matches()) {
			reader.problem(name + " may contain only letters, digits, '_', '-', '.' and ':' (the value set has "
					+ value.length() + " characters, some of them others)");
		}
	}

	private static URI endpoint(EnvReader reader, boolean allowInsecure) {
		String value = reader.string("O2_ENDPOINT", "https://api.openobserve.ai");
		while (value.endsWith("/")) {
			value = value.substring(0, value.length() - 1);
		}
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
				reader.problem("O2_ENDPOINT must be an absolute http(s) URL such as https://api.openobserve.ai, got '"
						+ value + "'");
			}
			else if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
				reader.problem("O2_ENDPOINT must not contain a query, a fragment or credentials");
			}
			else if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
				reader.problem("O2_ENDPOINT uses plain http:// for the non-loopback host " + uri.getHost()
						+ ": use https://, or set O2_ALLOW_INSECURE_HTTP=true to send credentials unencrypted");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			reader.problem("O2_ENDPOINT is not a valid URL: " + ex.getReason());
			return URI.create("https://invalid.invalid");
		}
	}

	static boolean isLoopback(String host) {
		String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		if (bare.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
			return false; // a name other than localhost: never resolve DNS to decide
		}
		try {
			return InetAddress.getByName(bare).isLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	private static RetrySettings retry(EnvReader reader) {
		int maxRetries = reader.integer("O2_MAX_RETRIES", 3, 0, 20);
		int initial = reader.integer("O2_INITIAL_RETRY_DELAY_MS", 1000, 1, 600_000);
		int max = reader.integer("O2_MAX_RETRY_DELAY_MS", 30_000, 1, 600_000);
		if (initial > max) {
			reader.problem("O2_INITIAL_RETRY_DELAY_MS (" + initial + ") must not be larger than O2_MAX_RETRY_DELAY_MS ("
					+ max + ")");
			initial = max;
		}
		return new RetrySettings(maxRetries, Duration.ofMillis(initial), Duration.ofMillis(max));
	}

	private static BufferSettings buffer(EnvReader reader) {
		DataSize capacity = DataSize.ofMegabytes(reader.integer("O2_MAX_BUFFER_SIZE_MB", 10, 1, 1024));
		int batchBytes = reader.integer("O2_BATCH_MAX_BYTES", 1_048_576, 1024, 64 * 1_048_576);
		int batchRecords = reader.integer("O2_BATCH_MAX_RECORDS", 5000, 1, 100_000);
		if (batchBytes > capacity.toBytes()) {
			reader.problem("O2_BATCH_MAX_BYTES (" + batchBytes + ") must not be larger than the buffer ("
					+ capacity.toBytes() + " bytes from O2_MAX_BUFFER_SIZE_MB)");
			batchBytes = (int) capacity.toBytes();
		}
		return new BufferSettings(capacity, DataSize.ofBytes(batchBytes), batchRecords);
	}

	private static int memorySize(EnvReader reader) {
		String value = reader.raw("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
		try {
			return (value != null) ? Integer.parseInt(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0; // Lambda's own variable; not the user's to fix
		}
	}

	private static Level logLevel(EnvReader reader) {
		String value = reader.string("O2_LOG_LEVEL", "info").toLowerCase(Locale.ROOT);
		return switch (value) {
			case "debug", "trace" -> Level.FINE;
			case "info" -> Level.INFO;
			case "warn", "warning" -> Level.WARNING;
			case "error", "off" -> Level.SEVERE;
			default -> {
				reader.problem("O2_LOG_LEVEL must be one of debug, info, warn, error, got '" + value + "'");
				yield Level.INFO;
			}
		};
	}

}
