package dev.o2ext.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;

import dev.o2ext.metrics.Redaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterSettingsTest {

	private static Map<String, String> env(String... pairs) {
		Map<String, String> env = new HashMap<>();
		env.put("O2_ORGANIZATION_ID", "default");
		env.put("O2_AUTHORIZATION_HEADER", "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=");
		for (int i = 0; i < pairs.length; i += 2) {
			env.put(pairs[i], pairs[i + 1]);
		}
		return env;
	}

	private static FilterSettings load(String... pairs) {
		return ConfigLoader.load(env(pairs)).filter();
	}

	@Test
	void byDefaultNothingIsLeftOutOrChanged() {
		FilterSettings settings = load();

		assertThat(settings.filters()).isFalse();
		assertThat(settings.redacts()).isFalse();
		assertThat(settings).isEqualTo(FilterSettings.NONE);
	}

	@Test
	void readsEveryVariable() {
		FilterSettings settings = load("O2_LOG_TYPES", "function, Platform.Report", "O2_DROP_PLATFORM",
				"invocation,platform.initStart", "O2_MIN_LEVEL", "warning", "O2_SAMPLE_RATES", "debug=0.1, INFO=1,warn=0",
				"O2_REDACT", "email,CARD,jwt,aws,auth,ipv4", "O2_REDACT_PATTERN", "ORD-\\d{6}");

		assertThat(settings.keptTypes()).containsExactlyInAnyOrder("function", "platform.report");
		assertThat(settings.droppedTypes()).containsExactlyInAnyOrder("platform.start", "platform.runtimeDone",
				"platform.initStart");
		assertThat(settings.minLevel()).isEqualTo(Severity.WARN);
		assertThat(settings.sampleRates()).as("a rate of 1 is no sampling")
			.containsExactlyInAnyOrderEntriesOf(Map.of(Severity.DEBUG, 0.1, Severity.WARN, 0.0));
		assertThat(settings.redact()).containsExactlyInAnyOrder(Redaction.EMAIL, Redaction.CARD, Redaction.JWT,
				Redaction.AWS, Redaction.AUTH, Redaction.IPV4);
		assertThat(settings.customPattern().pattern()).isEqualTo("ORD-\\d{6}");
		assertThat(settings.filters()).isTrue();
		assertThat(settings.redacts()).isTrue();
	}

	@Test
	void thePlatformPresetsNeverDropTheLossReport() {
		FilterSettings settings = load("O2_DROP_PLATFORM", "invocation,report,init");

		assertThat(settings.droppedTypes()).hasSize(11).doesNotContain("platform.logsDropped");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = {
			"O2_LOG_TYPES|function,logs|O2_LOG_TYPES may list platform, function, extension and platform record types such as platform.report, got 'logs'",
			"O2_LOG_TYPES|platform.reprot|got 'platform.reprot'",
			"O2_DROP_PLATFORM|noise|O2_DROP_PLATFORM may list none, invocation, report, init and platform record types such as platform.start, got 'noise'",
			"O2_DROP_PLATFORM|function|got 'function'",
			"O2_MIN_LEVEL|verbose|O2_MIN_LEVEL must be one of trace, debug, info, warn, error, fatal, got 'verbose'",
			"O2_SAMPLE_RATES|DEBUG=10%|O2_SAMPLE_RATES must be LEVEL=RATE pairs such as DEBUG=0.1,INFO=0.5 (levels trace to fatal, rates from 0 to 1), got 'DEBUG=10%'",
			"O2_SAMPLE_RATES|DEBUG=1.5|got 'DEBUG=1.5'",
			"O2_SAMPLE_RATES|VERBOSE=0.1|got 'VERBOSE=0.1'",
			"O2_SAMPLE_RATES|0.1|got '0.1'",
			"O2_SAMPLE_RATES|DEBUG=NaN|got 'DEBUG=NaN'",
			"O2_SAMPLE_RATES|debug=0.1,DEBUG=0.2|O2_SAMPLE_RATES names DEBUG twice",
			"O2_REDACT|email,phone|O2_REDACT may list email, card, jwt, aws, auth and ipv4, got 'phone'",
			"O2_REDACT|custom|got 'custom'",
			"O2_REDACT_PATTERN|ORD-(\\d{6}|O2_REDACT_PATTERN is not a valid Java regular expression: Unclosed group near index 10",
			"O2_REDACT_PATTERN|x*|O2_REDACT_PATTERN must not match the empty text" })
	void aBadValueIsOneProblemNamingItsVariable(String variable, String value, String message) {
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env(variable, value)));

		assertThat(ex).as("refused").isNotNull();
		assertThat(ex.problems()).singleElement().asString().startsWith(variable).contains(message);
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env("O2_MIN_LEVEL",
				"loud", "O2_REDACT", "nope", "O2_REDACT_PATTERN", "[")));

		assertThat(ex.problems()).hasSize(3);
	}

}
