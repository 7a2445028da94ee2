package dev.o2ext.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.o2ext.lambda.InitializationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

	/** A made-up header value; the tests check it never leaks into text meant for people. */
	private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=";

	/** A variable name passed to the reader as a string literal of its own. */
	private static final Pattern QUOTED_VARIABLE = Pattern.compile("\"((?:O2|OTEL)_[A-Z0-9_]+)\"");

	/** The variables of the first release; their defaults must stay as documented. */
	private static final Set<String> CORE_VARIABLES = Set.of("O2_ORGANIZATION_ID", "O2_AUTHORIZATION_HEADER",
			"O2_ENDPOINT", "O2_STREAM", "O2_MAX_BUFFER_SIZE_MB", "O2_REQUEST_TIMEOUT_MS", "O2_MAX_RETRIES",
			"O2_INITIAL_RETRY_DELAY_MS", "O2_MAX_RETRY_DELAY_MS", "O2_ALLOW_INSECURE_HTTP", "O2_FLUSH_BUDGET_MS",
			"O2_FLUSH_INTERVAL_MS", "O2_FLUSH_THRESHOLD_PERCENT", "O2_BATCH_MAX_BYTES", "O2_BATCH_MAX_RECORDS",
			"O2_TELEMETRY_PORT", "O2_TELEMETRY_LISTEN_ADDRESS", "O2_TELEMETRY_HOST", "O2_TELEMETRY_MAX_ITEMS",
			"O2_TELEMETRY_MAX_BYTES", "O2_TELEMETRY_TIMEOUT_MS", "O2_DIAGNOSTICS_PORT", "O2_SHUTDOWN_MARGIN_MS",
			"O2_LOG_LEVEL", "O2_EXTENSION_NAME");

	private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| (.+?) \\| .*\\|$");

	@Test
	void defaultsEqualTheTableInTheDocumentation() throws IOException {
		Map<String, String> documented = documentedDefaults();
		ExtensionConfig config = ConfigLoader.load(required());

		Map<String, String> actual = new LinkedHashMap<>();
		actual.put("O2_ORGANIZATION_ID", "required");
		actual.put("O2_AUTHORIZATION_HEADER", "required");
		actual.put("O2_ENDPOINT", config.openObserve().endpoint().toString());
		actual.put("O2_STREAM", config.openObserve().stream());
		actual.put("O2_MAX_BUFFER_SIZE_MB", String.valueOf(config.buffer().capacity().toMegabytes()));
		actual.put("O2_REQUEST_TIMEOUT_MS", String.valueOf(config.openObserve().requestTimeout().toMillis()));
		actual.put("O2_MAX_RETRIES", String.valueOf(config.retry().maxRetries()));
		actual.put("O2_INITIAL_RETRY_DELAY_MS", String.valueOf(config.retry().initialDelay().toMillis()));
		actual.put("O2_MAX_RETRY_DELAY_MS", String.valueOf(config.retry().maxDelay().toMillis()));
		actual.put("O2_ALLOW_INSECURE_HTTP", insecureHttpAllowedByDefault() ? "true" : "false");
		actual.put("O2_FLUSH_BUDGET_MS", String.valueOf(config.flush().budget().toMillis()));
		actual.put("O2_FLUSH_INTERVAL_MS", String.valueOf(config.flush().interval().toMillis()));
		actual.put("O2_FLUSH_THRESHOLD_PERCENT", String.valueOf(config.flush().thresholdPercent()));
		actual.put("O2_BATCH_MAX_BYTES", String.valueOf(config.buffer().batchMaxBytes().toBytes()));
		actual.put("O2_BATCH_MAX_RECORDS", String.valueOf(config.buffer().batchMaxRecords()));
		actual.put("O2_TELEMETRY_PORT", String.valueOf(config.telemetry().port()));
		actual.put("O2_TELEMETRY_LISTEN_ADDRESS", config.telemetry().listenAddress());
		actual.put("O2_TELEMETRY_HOST", config.telemetry().destinationHost());
		actual.put("O2_TELEMETRY_MAX_ITEMS", String.valueOf(config.telemetry().maxItems()));
		actual.put("O2_TELEMETRY_MAX_BYTES", String.valueOf(config.telemetry().maxBytes()));
		actual.put("O2_TELEMETRY_TIMEOUT_MS", String.valueOf(config.telemetry().timeoutMs()));
		actual.put("O2_DIAGNOSTICS_PORT", String.valueOf(config.diagnosticsPort()));
		actual.put("O2_SHUTDOWN_MARGIN_MS", String.valueOf(config.flush().shutdownMargin().toMillis()));
		actual.put("O2_LOG_LEVEL", config.logLevel().equals(Level.INFO) ? "info" : config.logLevel().getName());
		// the launcher sets it; the table's text names the fallback
		actual.put("O2_EXTENSION_NAME", "file name of the launcher");
		actual.put("O2_OTLP_ENABLED", String.valueOf(config.otlp().enabled()));
		actual.put("O2_OTLP_PORT", String.valueOf(config.otlp().port()));

		assertThat(documented.keySet()).as("variables documented").containsAll(CORE_VARIABLES);
		actual.forEach((variable, value) -> {
			if (documented.containsKey(variable)) {
				assertThat(value).as("default of " + variable).isEqualTo(documented.get(variable));
			}
		});
		assertThat(config.extensionName()).isEqualTo("o2-lambda-extension");
	}

	@Test
	void everyVariableTheLoaderReadsIsDocumented() throws IOException {
		// the loader reads every row of Setting (SettingsTableTest), and names nothing else in quotes
		Set<String> read = new TreeSet<>(java.util.Arrays.stream(Setting.values()).map(Setting::name).toList());
		try (Stream<Path> sources = Files.list(Path.of("src/main/java/dev/o2ext/config"))) {
			for (Path source : sources.toList()) {
				Matcher name = QUOTED_VARIABLE.matcher(Files.readString(source));
				while (name.find()) {
					read.add(name.group(1));
				}
			}
		}

		assertThat(read).as("variables read by the loader").contains("O2_ENDPOINT", "O2_LOG_LEVEL");
		assertThat(documentedDefaults().keySet()).containsAll(read);
	}

	@Test
	void readsEverySettingGiven() {
		Map<String, String> env = required();
		env.putAll(Map.of("O2_ENDPOINT", "https://o2.example.com/", "O2_STREAM", "lambda-logs", "O2_MAX_RETRIES",
				"5", "O2_MAX_BUFFER_SIZE_MB", "20", "O2_BATCH_MAX_BYTES", "2048", "O2_LOG_LEVEL", "DEBUG",
				"AWS_LAMBDA_FUNCTION_NAME", "orders-api", "AWS_REGION", "us-east-1", "O2_EXTENSION_NAME", "o2"));

		ExtensionConfig config = ConfigLoader.load(env);

		assertThat(config.openObserve().jsonIngestUri())
			.hasToString("https://o2.example.com/api/default/lambda-logs/_json");
		assertThat(config.openObserve().authorization().reveal()).isEqualTo(AUTH);
		assertThat(config.retry().maxRetries()).isEqualTo(5);
		assertThat(config.buffer().capacity().toBytes()).isEqualTo(20L * 1024 * 1024);
		assertThat(config.buffer().batchMaxBytes().toBytes()).isEqualTo(2048);
		assertThat(config.logLevel()).isEqualTo(Level.FINE);
		assertThat(config.function()).isEqualTo(new FunctionInfo("orders-api", "", "us-east-1", 0));
		assertThat(config.extensionName()).isEqualTo("o2");
	}

	@Test
	void missingOrganizationAndAuthorizationAreBothReported() {
		ConfigException ex = failure(Map.of("O2_AUTHORIZATION_HEADER", "  "));

		assertThat(ex.problems()).hasSize(2);
		assertThat(ex.problems().get(0)).startsWith("O2_ORGANIZATION_ID is not set");
		assertThat(ex.problems().get(1)).startsWith("O2_AUTHORIZATION_HEADER is not set");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			O2_MAX_RETRIES              | three
			O2_MAX_RETRIES              | 21
			O2_MAX_RETRIES              | -1
			O2_CIRCUIT_FAILURE_THRESHOLD | 101
			O2_CIRCUIT_FAILURE_THRESHOLD | -1
			O2_REQUEST_TIMEOUT_MS       | 1.5
			O2_MAX_BUFFER_SIZE_MB       | 0
			O2_MAX_BUFFER_SIZE_MB       | 1025
			O2_INITIAL_RETRY_DELAY_MS   | 0
			O2_FLUSH_BUDGET_MS          | 99999999999
			O2_FLUSH_THRESHOLD_PERCENT  | 101
			O2_BATCH_MAX_RECORDS        | 0
			O2_TELEMETRY_PORT           | 65536
			O2_TELEMETRY_PORT           | 9001
			O2_TELEMETRY_MAX_ITEMS      | 999
			O2_TELEMETRY_MAX_BYTES      | 1048577
			O2_TELEMETRY_TIMEOUT_MS     | 24
			O2_DIAGNOSTICS_PORT         | x
			O2_SHUTDOWN_MARGIN_MS       | 1501
			O2_LOG_LEVEL                | verbose
			O2_ALLOW_INSECURE_HTTP      | maybe
			O2_STREAM                   | logs/other
			O2_ENDPOINT                 | ftp://o2.example.com
			O2_ENDPOINT                 | https://user:pw@o2.example.com
			""")
	void aBadValueIsOneProblemNamingItsVariable(String variable, String value) {
		Map<String, String> env = required();
		env.put(variable, value);

		ConfigException ex = failure(env);

		assertThat(ex.problems()).singleElement().asString().startsWith(variable + " ");
		assertThat(ex.getMessage()).contains(variable);
	}

	@Test
	void initialRetryDelayLargerThanTheMaximumNamesBoth() {
		Map<String, String> env = required();
		env.put("O2_INITIAL_RETRY_DELAY_MS", "5000");
		env.put("O2_MAX_RETRY_DELAY_MS", "1000");

		assertThat(failure(env).problems()).singleElement()
			.asString()
			.contains("O2_INITIAL_RETRY_DELAY_MS", "O2_MAX_RETRY_DELAY_MS");
	}

	@Test
	void batchLargerThanTheBufferNamesBoth() {
		Map<String, String> env = required();
		env.put("O2_MAX_BUFFER_SIZE_MB", "1");
		env.put("O2_BATCH_MAX_BYTES", "2000000");

		assertThat(failure(env).problems()).singleElement()
			.asString()
			.contains("O2_BATCH_MAX_BYTES", "O2_MAX_BUFFER_SIZE_MB");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://o2.example.com", "http://10.0.0.5:5080", "http://localhost.example.com",
			"http://[2001:db8::1]:5080" })
	void plainHttpToAnotherHostIsRefusedUnlessAllowed(String endpoint) {
		Map<String, String> env = required();
		env.put("O2_ENDPOINT", endpoint);

		assertThat(failure(env).problems()).singleElement()
			.asString()
			.startsWith("O2_ENDPOINT ")
			.contains("O2_ALLOW_INSECURE_HTTP");

		env.put("O2_ALLOW_INSECURE_HTTP", "true");
		assertThat(ConfigLoader.load(env).openObserve().endpoint()).hasToString(endpoint);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:5080", "http://localhost:5080", "http://LOCALHOST", "http://[::1]:5080" })
	void plainHttpToLoopbackIsAccepted(String endpoint) {
		Map<String, String> env = required();
		env.put("O2_ENDPOINT", endpoint);

		assertThat(ConfigLoader.load(env).openObserve().endpoint()).hasToString(endpoint);
	}

	@Test
	void reportsEveryProblemAtOnce() {
		Map<String, String> env = new HashMap<>();
		env.put("O2_AUTHORIZATION_HEADER", AUTH);
		env.put("O2_MAX_RETRIES", "lots");
		env.put("O2_LOG_LEVEL", "loud");
		env.put("O2_TELEMETRY_PORT", "9001");
		env.put("O2_ENDPOINT", "http://o2.example.com");

		ConfigException ex = failure(env);

		assertThat(ex.problems()).hasSize(5);
		assertThat(ex.getMessage()).contains("O2_ORGANIZATION_ID", "O2_MAX_RETRIES", "O2_LOG_LEVEL",
				"O2_TELEMETRY_PORT", "O2_ENDPOINT");
	}

	@Test
	void theAuthorizationValueIsNeverInAnErrorMessage() {
		String twoLines = AUTH + "\nX-Other: 1";
		Map<String, String> env = new HashMap<>();
		env.put("O2_AUTHORIZATION_HEADER", twoLines);
		env.put("O2_MAX_RETRIES", "x");
		env.put("O2_ENDPOINT", "not a url");

		ConfigException ex = failure(env);

		assertThat(ex.problems()).anySatisfy((p) -> assertThat(p).startsWith("O2_AUTHORIZATION_HEADER must be a single line"));
		assertThat(ex.getMessage()).doesNotContain(AUTH).doesNotContain("dGVzdEBleGFtcGxl");
		assertThat(ex.problems()).noneMatch((p) -> p.contains("dGVzdEBleGFtcGxl"));
	}

	@Test
	void aSecretPastedIntoAnotherVariableIsNotEchoed() {
		Map<String, String> env = required();
		env.put("O2_ORGANIZATION_ID", AUTH);
		env.put("O2_STREAM", AUTH);

		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env));

		assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem).startsWith("O2_ORGANIZATION_ID"));
		assertThat(ex.getMessage()).doesNotContain(AUTH).doesNotContain("dGVzdEBleGFtcGxl");
	}

	@Test
	void configurationTextMasksTheSecret() {
		ExtensionConfig config = ConfigLoader.load(required());

		assertThat(config.toString()).doesNotContain(AUTH).contains("****");
		assertThat(config.openObserve().toString()).doesNotContain(AUTH);
	}

	@Test
	void exporterHeadersAreSecretsToo() {
		Map<String, String> env = required();
		env.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20otlp-t0ken,stream-name=traces");

		ExtensionConfig config = ConfigLoader.load(env);

		assertThat(config.otlp().exporterHeaders().get("authorization").reveal()).isEqualTo("Bearer otlp-t0ken");
		assertThat(config.toString()).doesNotContain("otlp-t0ken");

		env.put("OTEL_EXPORTER_OTLP_HEADERS", "stream-name=traces,authorization=Bearer%zzotlp-t0ken");
		ConfigException ex = failure(env);
		assertThat(ex.problems()).singleElement().asString().startsWith("OTEL_EXPORTER_OTLP_HEADERS entry 2");
		assertThat(ex.getMessage()).doesNotContain("otlp-t0ken");
	}

	@Test
	void secretMasksItselfButKnowsWhereItIs() {
		Secret secret = new Secret(AUTH);

		assertThat(secret).hasToString("****");
		assertThat(secret.reveal()).isEqualTo(AUTH);
		assertThat(secret.isContainedIn("header was " + AUTH)).isTrue();
		assertThat(secret.isContainedIn("nothing here")).isFalse();
		assertThat(new Secret("").isContainedIn("anything")).isFalse();
	}

	@Test
	void recordsRefuseInconsistentValuesWhenBuiltDirectly() {
		assertThatThrownBy(() -> new RetrySettings(1, java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("O2_INITIAL_RETRY_DELAY_MS");
		assertThatThrownBy(() -> new BufferSettings(org.springframework.util.unit.DataSize.ofKilobytes(1),
				org.springframework.util.unit.DataSize.ofKilobytes(2), 10))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("O2_BATCH_MAX_BYTES");
	}

	private static boolean insecureHttpAllowedByDefault() {
		Map<String, String> env = required();
		env.put("O2_ENDPOINT", "http://o2.example.com");
		try {
			ConfigLoader.load(env);
			return true;
		}
		catch (ConfigException ex) {
			return false;
		}
	}

	private static Map<String, String> documentedDefaults() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
			Matcher row = TABLE_ROW.matcher(line);
			if (row.matches()) {
				defaults.put(row.group(1), row.group(2).replace("`", "").trim());
			}
		}
		return defaults;
	}

	@Test
	void aSecretOrAParameterReplacesTheHeaderWhichStaysPendingUntilRead() {
		Map<String, String> env = required();
		env.remove("O2_AUTHORIZATION_HEADER");
		env.put("O2_AUTHORIZATION_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x");
		env.put("O2_AUTHORIZATION_SECRET_KEY", "authorization");

		ExtensionConfig config = ConfigLoader.load(env);

		assertThat(config.authorizationSource()).isEqualTo(new AuthorizationSource(
				AuthorizationSource.Kind.SECRETS_MANAGER, "arn:aws:secretsmanager:eu-west-1:1:secret:x", "authorization"));
		assertThat(config.openObserve().authorization().isResolved()).isFalse();
		config.openObserve().authorization().resolve(AUTH);
		assertThat(config.openObserve().authorization().reveal()).isEqualTo(AUTH);
		assertThatThrownBy(() -> config.openObserve().authorization().resolve("again"))
			.isInstanceOf(IllegalStateException.class);

		env.remove("O2_AUTHORIZATION_SECRET_ARN");
		env.remove("O2_AUTHORIZATION_SECRET_KEY");
		env.put("O2_AUTHORIZATION_SSM_PARAMETER", "/o2/auth");
		assertThat(ConfigLoader.load(env).authorizationSource().kind()).isEqualTo(AuthorizationSource.Kind.SSM_PARAMETER);
	}

	@Test
	void onlyOneSourceOfTheHeaderAndAKeyOnlyWithASecret() {
		Map<String, String> both = required();
		both.put("O2_AUTHORIZATION_SSM_PARAMETER", "/o2/auth");
		assertThat(failure(both).problems()).anyMatch((p) -> p.startsWith("set only one of O2_AUTHORIZATION_HEADER"));
		assertThat(failure(both).getMessage()).doesNotContain(AUTH);

		Map<String, String> key = required();
		key.put("O2_AUTHORIZATION_SECRET_KEY", "authorization");
		assertThat(failure(key).problems()).anyMatch((p) -> p.startsWith("O2_AUTHORIZATION_SECRET_KEY selects"));
	}

	@Test
	void onManagedInstancesTheIntervalIsTheLatencyAndCannotBeOff() {
		Map<String, String> env = required();
		env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances");
		assertThat(ConfigLoader.load(env).flush().interval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(ConfigLoader.load(env).initialization()).isEqualTo(InitializationType.MANAGED_INSTANCES);
		assertThat(ConfigLoader.load(required()).flush().interval()).isEqualTo(Duration.ofSeconds(5));
		env.put("O2_FLUSH_INTERVAL_MS", "0");
		assertThat(failure(env).problems()).anyMatch((p) -> p.contains("must not be 0 on Lambda Managed Instances"));
	}

	private static Map<String, String> required() {
		Map<String, String> env = new HashMap<>();
		env.put("O2_ORGANIZATION_ID", "default");
		env.put("O2_AUTHORIZATION_HEADER", AUTH);
		return env;
	}

	private static ConfigException failure(Map<String, String> env) {
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env));
		assertThat(ex).as("a ConfigException").isNotNull();
		return ex;
	}

}
