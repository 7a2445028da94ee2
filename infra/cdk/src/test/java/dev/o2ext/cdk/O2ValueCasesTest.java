package dev.o2ext.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * {@link O2LogShippingProps} against every case of {@code infra/o2-settings.json}, which is generated
 * from the extension's table of settings and whose cases the extension's ConfigLoaderCasesTest runs
 * against its loader: the synth accepts what the extension accepts at Init and refuses what it
 * refuses, for the typed settings and for every other variable through {@code additionalEnvironment}.
 */
class O2ValueCasesTest {

    /** Seen from infra/cdk, where Maven runs. */
    static final Path SETTINGS = Path.of("../o2-settings.json");

    @TempDir
    Path zips;

    private Function function;
    private O2ExtensionLayer layer;

    @BeforeEach
    void setUp() throws Exception {
        DummyLayerZips.write(zips, "x86_64");
        Stack stack = new Stack(new App(), "Test");
        layer = new O2ExtensionLayer(stack, "O2Layer", O2ExtensionLayerProps.builder().zipDirectory(zips.toString()).build());
        function = new Function(stack, "Fn", FunctionProps.builder().runtime(Runtime.PYTHON_3_13)
                .handler("index.handler").code(Code.fromInline("def handler(e, c): return 1")).build());
    }

    static Stream<Arguments> cases() throws Exception {
        JsonNode settings = new ObjectMapper().readTree(SETTINGS.toFile()).path("settings");
        List<Arguments> cases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> setting = it.next();
            for (String kind : List.of("valid", "invalid")) {
                for (JsonNode value : setting.getValue().path("cases").path(kind)) {
                    if (expressible(setting.getKey(), value.asText())) {
                        cases.add(Arguments.of(setting.getKey(), kind.equals("valid"), value.asText()));
                    }
                }
            }
        }
        return cases.stream();
    }

    @Test
    void theCasesCoverTheTypedSettingsAndTheRest() throws Exception {
        List<String> variables = cases().map(arguments -> (String) arguments.get()[0]).distinct().toList();
        assertThat(variables).contains("O2_ORGANIZATION_ID", "O2_STREAM", "O2_ENDPOINT", "O2_MAX_BUFFER_SIZE_MB",
                "O2_MAX_RETRIES", "O2_REQUEST_TIMEOUT_MS", "O2_FLUSH_BUDGET_MS", "O2_TELEMETRY_PORT", "O2_LOG_LEVEL",
                "O2_OTLP_ENABLED").hasSizeGreaterThan(25);
        assertThat(cases().count()).isGreaterThan(200);
    }

    @ParameterizedTest(name = "{0}={2} valid={1}")
    @MethodSource("cases")
    void acceptsWhatTheExtensionAccepts(String variable, boolean valid, String value) {
        O2LogShippingProps.Builder props = O2LogShippingProps.builder().function(function).layer(layer)
                .organization("default")
                .authorization(O2Authorization.extensionReadsSecretArn(
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf", null));
        switch (variable) {
            case "O2_ORGANIZATION_ID" -> props.organization(value);
            case "O2_STREAM" -> props.stream(value);
            case "O2_ENDPOINT" -> props.endpoint(value);
            case "O2_MAX_BUFFER_SIZE_MB" -> props.maxBufferSizeMb(Integer.parseInt(value));
            case "O2_MAX_RETRIES" -> props.maxRetries(Integer.parseInt(value));
            case "O2_REQUEST_TIMEOUT_MS" -> props.requestTimeout(Duration.millis(Long.parseLong(value)));
            default -> props.additionalEnvironment(Map.of(variable, value));
        }
        if (valid) {
            assertThatCode(props::build).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(props::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(variable);
        }
    }

    /**
     * Whether the construct's API can take the value at all: a typed whole number takes no "ten", the
     * header's sources and the insecure flag are typed, and only O2_* variables are the extension's.
     */
    private static boolean expressible(String variable, String value) {
        return switch (variable) {
            case "O2_MAX_BUFFER_SIZE_MB", "O2_MAX_RETRIES", "O2_REQUEST_TIMEOUT_MS" -> value.matches("-?[0-9]{1,9}");
            case "O2_ALLOW_INSECURE_HTTP", "O2_AUTHORIZATION_HEADER", "O2_AUTHORIZATION_SECRET_ARN",
                    "O2_AUTHORIZATION_SECRET_KEY", "O2_AUTHORIZATION_SSM_PARAMETER" -> false;
            default -> variable.startsWith("O2_");
        };
    }
}
