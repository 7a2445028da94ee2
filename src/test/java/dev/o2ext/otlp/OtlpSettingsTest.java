package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;

import dev.o2ext.config.ConfigException;
import dev.o2ext.config.ConfigLoader;
import dev.o2ext.config.OtlpSettings;
import org.junit.jupiter.api.Test;

/** The relay's settings as {@link ConfigLoader} reads them from the environment. */
class OtlpSettingsTest {

	@Test
	void defaults() {
		OtlpSettings otlp = load(Map.of());

		assertThat(otlp.enabled()).isTrue();
		assertThat(otlp.port()).isEqualTo(4318);
		assertThat(otlp.maxBodySize().toBytes()).isEqualTo(4L * 1024 * 1024);
		assertThat(otlp.tracesStream()).isEqualTo("default");
		assertThat(otlp.logsStream()).isEqualTo("default");
		assertThat(otlp.exporterHeaders()).isEmpty();
	}

	@Test
	void theBodyLimitNeverPassesTheBuffer() {
		assertThat(load(Map.of("O2_MAX_BUFFER_SIZE_MB", "2")).maxBodySize().toBytes()).isEqualTo(2L * 1024 * 1024);
		assertThat(load(Map.of("O2_OTLP_MAX_BODY_BYTES", "65536")).maxBodySize().toBytes()).isEqualTo(65536);
		assertThat(problems(Map.of("O2_MAX_BUFFER_SIZE_MB", "1", "O2_OTLP_MAX_BODY_BYTES", "2097152")))
			.singleElement().asString().startsWith("O2_OTLP_MAX_BODY_BYTES (2097152) must not be larger than the buffer");
		assertThat(problems(Map.of("O2_OTLP_MAX_BODY_BYTES", "100"))).singleElement().asString()
			.startsWith("O2_OTLP_MAX_BODY_BYTES must be between 1024");
	}

	@Test
	void streamsComeFromTheirVariablesElseTheExportersStreamHeader() {
		Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Stream-Name=from_header");
		assertThat(load(env).tracesStream()).isEqualTo("from_header");
		assertThat(load(env).logsStream()).isEqualTo("from_header");

		OtlpSettings explicit = load(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "stream-name=from_header",
				"O2_OTLP_TRACES_STREAM", "spans", "O2_OTLP_LOGS_STREAM", "otel.logs"));
		assertThat(explicit.tracesStream()).isEqualTo("spans");
		assertThat(explicit.logsStream()).isEqualTo("otel.logs");
		assertThat(problems(Map.of("O2_OTLP_LOGS_STREAM", "bad stream"))).singleElement().asString()
			.startsWith("O2_OTLP_LOGS_STREAM may only contain");
	}

	@Test
	void exporterHeadersAreParsedAsTheSpecificationSaysAndKeptSecret() {
		OtlpSettings otlp = load(Map.of("OTEL_EXPORTER_OTLP_HEADERS",
				" Authorization = Basic%20dTpw+Kw== , X-Scope-OrgID=team%2Ca ,, organization=o2"));

		assertThat(otlp.exporterHeaders()).containsOnlyKeys("authorization", "x-scope-orgid", "organization");
		assertThat(otlp.exporterHeaders().get("authorization").reveal()).isEqualTo("Basic dTpw+Kw==");
		assertThat(otlp.exporterHeaders().get("x-scope-orgid").reveal()).isEqualTo("team,a");
		assertThat(otlp.toString()).doesNotContain("dTpw").doesNotContain("team,a").contains("authorization");
	}

	@Test
	void badExporterHeadersNameTheirEntryNeverTheirValue() {
		assertThat(problems(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "a=1,novalue"))).singleElement().asString()
			.isEqualTo("OTEL_EXPORTER_OTLP_HEADERS entry 2 is not of the form name=value");
		assertThat(problems(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "x-token=s3cr3t%0Aevil"))).singleElement()
			.asString().contains("entry 1 (x-token) contains a line break").doesNotContain("s3cr3t");
	}

	@Test
	void thePortMayNotBeLambdas() {
		assertThat(problems(Map.of("O2_OTLP_PORT", "9001"))).singleElement().asString().startsWith("O2_OTLP_PORT");
		assertThat(load(Map.of("O2_OTLP_ENABLED", "false", "O2_OTLP_PORT", "14318")))
			.extracting(OtlpSettings::enabled, OtlpSettings::port).containsExactly(false, 14318);
	}

	private static OtlpSettings load(Map<String, String> variables) {
		return ConfigLoader.load(env(variables)).otlp();
	}

	private static java.util.List<String> problems(Map<String, String> variables) {
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env(variables)));
		assertThat(ex).as("a ConfigException").isNotNull();
		return ex.problems();
	}

	private static Map<String, String> env(Map<String, String> variables) {
		Map<String, String> env = new HashMap<>(Map.of("O2_ORGANIZATION_ID", "default", "O2_AUTHORIZATION_HEADER",
				"Basic b3RscDpzZXR0aW5ncw=="));
		env.putAll(variables);
		return env;
	}

}
