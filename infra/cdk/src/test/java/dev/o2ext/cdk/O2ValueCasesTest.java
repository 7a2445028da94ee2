package dev.o2ext.cdk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * {@link O2LogShippingProps} against the extension's own cases
 * ({@code src/test/resources/config/o2-value-cases.json}, which the extension's ConfigLoaderCasesTest
 * reads too): the synth accepts what the extension accepts at Init and refuses what it refuses.
 */
class O2ValueCasesTest {

    /** Seen from infra/cdk, where Maven runs. */
    static final Path CASES = Path.of("../../src/test/resources/config/o2-value-cases.json");

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
        JsonNode doc = new ObjectMapper().readTree(CASES.toFile());
        List<Arguments> cases = new ArrayList<>();
        for (String variable : List.of("O2_ORGANIZATION_ID", "O2_STREAM")) {
            for (String kind : List.of("valid", "invalid")) {
                for (JsonNode value : doc.path(variable).path(kind)) {
                    cases.add(Arguments.of(variable, kind.equals("valid"), value.asText()));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}={2} valid={1}")
    @MethodSource("cases")
    void acceptsWhatTheExtensionAccepts(String variable, boolean valid, String value) {
        O2LogShippingProps.Builder props = O2LogShippingProps.builder().function(function).layer(layer)
                .authorization(O2Authorization.fromSecretNameOrArn("o2/ingest", null));
        if (variable.equals("O2_ORGANIZATION_ID")) {
            props.organization(value);
        } else {
            props.organization("default").stream(value);
        }
        if (valid) {
            assertThatCode(props::build).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(props::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(variable);
        }
    }
}
