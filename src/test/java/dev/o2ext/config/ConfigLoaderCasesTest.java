package dev.o2ext.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared cases of {@code config/o2-value-cases.json} against the loader: every valid value
 * loads, every invalid one is refused naming its variable. The CDK constructs, the Terraform module
 * and the CloudFormation template test their own checks against the same file, so that none of
 * them accepts a value the extension refuses at Init.
 */
class ConfigLoaderCasesTest {

	static final String CASES = "/config/o2-value-cases.json";

	static Stream<Arguments> cases() throws IOException {
		JsonNode doc;
		try (InputStream in = ConfigLoaderCasesTest.class.getResourceAsStream(CASES)) {
			doc = JsonMapper.builder().build().readTree(in);
		}
		List<Arguments> cases = new ArrayList<>();
		for (String variable : doc.propertyNames()) {
			if (variable.startsWith("_")) {
				continue;
			}
			for (String kind : List.of("valid", "invalid")) {
				for (JsonNode value : doc.path(variable).path(kind)) {
					cases.add(Arguments.of(variable, kind.equals("valid"), value.asString()));
				}
			}
		}
		assertThat(cases).hasSizeGreaterThan(10);
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}={2} valid={1}")
	@MethodSource("cases")
	void theLoaderAgreesWithTheSharedCases(String variable, boolean valid, String value) {
		Map<String, String> env = new HashMap<>();
		env.put("O2_ORGANIZATION_ID", "default");
		env.put("O2_AUTHORIZATION_HEADER", "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=");
		env.put(variable, value);
		ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env));
		if (valid) {
			assertThat(ex).as("refused: %s", ex == null ? "" : ex.problems()).isNull();
		} else {
			assertThat(ex).as("accepted").isNotNull();
			assertThat(ex.problems()).anySatisfy(problem -> assertThat(problem).contains(variable));
		}
	}
}
