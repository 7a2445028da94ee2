package dev.o2ext.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

import dev.o2ext.lambda.InitializationType;
import org.springframework.util.unit.DataSize;

/**
 * Builds the {@link ExtensionConfig} from environment variables and validates it as a whole.
 * Each variable's default and range come from its row of {@link Setting}, the table that
 * {@code docs/configuration.md} is generated from; the checks across variables are made here.
 * Defaults follow the incumbent Rust extension where it has the variable.
 */
public final class ConfigLoader {

	/** The default name, equal to the executable's file name in the layer. */
	public static final String DEFAULT_EXTENSION_NAME = Setting.O2_EXTENSION_NAME.requireDefault();

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
		int interval = reader.integer(Setting.O2_FLUSH_INTERVAL_MS, continuous ? 1000 : 5000);
		if (continuous && interval == 0) {
			reader.problem("O2_FLUSH_INTERVAL_MS must not be 0 on Lambda Managed Instances: there is no end of"
					+ " invocation to flush at, the interval is the delivery latency (default 1000)");
			interval = 1000;
		}
		FlushSettings flush = new FlushSettings(
				Duration.ofMillis(reader.integer(Setting.O2_FLUSH_BUDGET_MS)),
				Duration.ofMillis(interval),
				reader.integer(Setting.O2_FLUSH_THRESHOLD_PERCENT),
				Duration.ofMillis(reader.integer(Setting.O2_SHUTDOWN_MARGIN_MS)));
		TelemetrySettings telemetry = new TelemetrySettings(reader.integer(Setting.O2_TELEMETRY_PORT),
				reader.string(Setting.O2_TELEMETRY_LISTEN_ADDRESS),
				reader.string(Setting.O2_TELEMETRY_HOST),
				reader.integer(Setting.O2_TELEMETRY_MAX_ITEMS),
				reader.integer(Setting.O2_TELEMETRY_MAX_BYTES),
				reader.integer(Setting.O2_TELEMETRY_TIMEOUT_MS));
		int diagnosticsPort = reader.integer(Setting.O2_DIAGNOSTICS_PORT);
		Level logLevel = logLevel(reader);
		FunctionInfo function = new FunctionInfo(platform(reader, "AWS_LAMBDA_FUNCTION_NAME"),
				platform(reader, "AWS_LAMBDA_FUNCTION_VERSION"), platform(reader, "AWS_REGION"), memorySize(reader));
		String name = reader.string(Setting.O2_EXTENSION_NAME);
		OtlpSettings otlp = OtlpSettings.read(reader, buffer);
		MetricsSettings metrics = new MetricsSettings(reader.bool(Setting.O2_PLATFORM_METRICS),
				Duration.ofMillis(reader.integer(Setting.O2_METRICS_INTERVAL_MS)), reader.string(Setting.O2_CLOUD_ACCOUNT_ID));
		LogSettings logs = LogSettings.read(reader);
		FilterSettings filter = FilterSettings.read(reader);
		CircuitSettings circuit = CircuitSettings.read(reader);
		SpillSettings spill = SpillSettings.read(reader);
		if (!reader.problems().isEmpty()) {
			// a secret pasted into the wrong variable must not be echoed back
			Secret secret = openObserve.authorization();
			throw new ConfigException(reader.problems().stream()
				.map(secret::scrub)
				.toList());
		}
		return new ExtensionConfig(openObserve, retry, buffer, flush, telemetry, diagnosticsPort, logLevel, name,
				function, otlp, metrics, initialization, source, logs, filter, circuit, spill);
	}

	private static OpenObserveSettings openObserve(EnvReader reader, AuthorizationSource source) {
		String organization = reader.required(Setting.O2_ORGANIZATION_ID,
				"set it to your OpenObserve organization id (e.g. default)");
		Secret secret;
		if (source.remote()) {
			secret = Secret.pending();
		}
		else {
			String authorization = reader.required(Setting.O2_AUTHORIZATION_HEADER,
					"set it to the whole Authorization header value, e.g. 'Basic <base64 of email:passcode>', or name"
							+ " a secret in O2_AUTHORIZATION_SECRET_ARN or O2_AUTHORIZATION_SSM_PARAMETER");
			if (authorization.indexOf('\r') >= 0 || authorization.indexOf('\n') >= 0) {
				reader.problem("O2_AUTHORIZATION_HEADER must be a single line (it contains a line break)");
			}
			secret = new Secret(authorization);
		}
		String stream = reader.string(Setting.O2_STREAM);
		checkSegment(reader, Setting.O2_ORGANIZATION_ID, organization);
		checkSegment(reader, Setting.O2_STREAM, stream);
		URI endpoint = endpoint(reader, reader.bool(Setting.O2_ALLOW_INSECURE_HTTP));
		Duration timeout = Duration.ofMillis(reader.integer(Setting.O2_REQUEST_TIMEOUT_MS));
		return new OpenObserveSettings(endpoint, organization, stream, secret, timeout);
	}

	/** Which of the three authorization variables is set; more than one is a problem. */
	static AuthorizationSource authorizationSource(EnvReader reader) {
		String header = reader.raw(Setting.O2_AUTHORIZATION_HEADER);
		String arn = reader.string(Setting.O2_AUTHORIZATION_SECRET_ARN);
		String parameter = reader.string(Setting.O2_AUTHORIZATION_SSM_PARAMETER);
		String key = reader.string(Setting.O2_AUTHORIZATION_SECRET_KEY);
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

	private static void checkSegment(EnvReader reader, Setting setting, String value) {
		if (!value.isEmpty() && !setting.rule().matches(value)) {
			reader.problem(setting.name() + " may contain only letters, digits, '_', '-', '.' and ':' (the value set has "
					+ value.length() + " characters, some of them others)");
		}
	}

	private static URI endpoint(EnvReader reader, boolean allowInsecure) {
		String value = reader.string(Setting.O2_ENDPOINT);
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

	private static String platform(EnvReader reader, String name) {
		String value = reader.platform(name);
		return (value != null) ? value : "";
	}

	private static RetrySettings retry(EnvReader reader) {
		int maxRetries = reader.integer(Setting.O2_MAX_RETRIES);
		int initial = reader.integer(Setting.O2_INITIAL_RETRY_DELAY_MS);
		int max = reader.integer(Setting.O2_MAX_RETRY_DELAY_MS);
		if (initial > max) {
			reader.problem("O2_INITIAL_RETRY_DELAY_MS (" + initial + ") must not be larger than O2_MAX_RETRY_DELAY_MS ("
					+ max + ")");
			initial = max;
		}
		return new RetrySettings(maxRetries, Duration.ofMillis(initial), Duration.ofMillis(max));
	}

	private static BufferSettings buffer(EnvReader reader) {
		DataSize capacity = DataSize.ofMegabytes(reader.integer(Setting.O2_MAX_BUFFER_SIZE_MB));
		int batchBytes = reader.integer(Setting.O2_BATCH_MAX_BYTES);
		int batchRecords = reader.integer(Setting.O2_BATCH_MAX_RECORDS);
		if (batchBytes > capacity.toBytes()) {
			reader.problem("O2_BATCH_MAX_BYTES (" + batchBytes + ") must not be larger than the buffer ("
					+ capacity.toBytes() + " bytes from O2_MAX_BUFFER_SIZE_MB)");
			batchBytes = (int) capacity.toBytes();
		}
		return new BufferSettings(capacity, DataSize.ofBytes(batchBytes), batchRecords);
	}

	private static int memorySize(EnvReader reader) {
		String value = reader.platform("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
		try {
			return (value != null) ? Integer.parseInt(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0; // Lambda's own variable; not the user's to fix
		}
	}

	private static Level logLevel(EnvReader reader) {
		String value = reader.string(Setting.O2_LOG_LEVEL).toLowerCase(Locale.ROOT);
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
