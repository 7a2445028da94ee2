package dev.o2ext.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code infra/o2-settings.json} (derived from each row of {@link Setting}, and the
 * hand-written ones of {@code config/o2-value-cases.json}) against the loader: every valid value
 * loads, every invalid one is refused naming its variable. The CDK constructs, the Terraform module
 * and the CloudFormation template test their own checks against the same cases, so that none of
 * them accepts a value the extension refuses at Init.
 */
class ConfigLoaderCasesTest {

	/**
	 * The other variables of each case: none of the checks across variables binds (the largest
	 * buffer, the shortest first and the longest last retry delay), so that a range's ends load.
	 */
	static final Map<String, String> BASE = Map.of("O2_ORGANIZATION_ID", "default", "O2_AUTHORIZATION_HEADER",
			"Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=", "O2_MAX_BUFFER_SIZE_MB", "1024", "O2_INITIAL_RETRY_DELAY_MS", "1",
			"O2_MAX_RETRY_DELAY_MS", "600000");

	static Stream<Arguments> cases() throws IOException {
		List<Arguments> cases = new ArrayList<>();
		SettingsExport.cases().forEach((variable, both) -> {
			both[0].forEach((value) -> cases.add(Arguments.of(variable, true, value)));
			both[1].forEach((value) -> cases.add(Arguments.of(variable, false, value)));
		});
		assertThat(cases).hasSizeGreaterThan(150);
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}={2} valid={1}")
	@MethodSource("cases")
	void theLoaderAgreesWithTheSharedCases(String variable, boolean valid, String value) {
		Map<String, String> env = new HashMap<>(BASE);
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
