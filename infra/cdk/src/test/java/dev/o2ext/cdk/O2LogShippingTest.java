package dev.o2ext.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.Secret;

class O2LogShippingTest {

    @TempDir
    Path zips;

    private Stack stack;
    private O2ExtensionLayer layer;

    @BeforeEach
    void setUp() throws Exception {
        DummyLayerZips.write(zips, "x86_64", "arm64");
        stack = new Stack(new App(), "Test");
        layer = new O2ExtensionLayer(stack, "O2Layer",
                O2ExtensionLayerProps.builder().zipDirectory(zips.toString())
                        .architectures(List.of(Architecture.X86_64, Architecture.ARM_64)).build());
    }

    @Test
    void attachesTheLayerOfEachFunctionsArchitecture() {
        Function arm = function("Arm", Architecture.ARM_64);
        Function x86 = function("X86", Architecture.X86_64);
        new O2LogShipping(stack, "ShipArm", minimal(arm).build());
        new O2LogShipping(stack, "ShipX86", minimal(x86).build());

        Template template = Template.fromStack(stack);
        assertThat(properties(template, arm).get("Layers"))
                .isEqualTo(List.of(Map.of("Ref", logicalId(layer, Architecture.ARM_64))));
        assertThat(properties(template, x86).get("Layers"))
                .isEqualTo(List.of(Map.of("Ref", logicalId(layer, Architecture.X86_64))));
    }

    @Test
    void setsTheConfigurationAsEnvironment() {
        Function fn = function("Fn", Architecture.ARM_64);
        new O2LogShipping(stack, "Ship", minimal(fn)
                .endpoint("https://o2.example.com/")
                .stream("lambda_logs")
                .maxBufferSizeMb(32)
                .requestTimeout(Duration.seconds(5))
                .maxRetries(0)
                .additionalEnvironment(Map.of("O2_FLUSH_BUDGET_MS", "1500"))
                .build());

        Map<String, Object> env = environment(Template.fromStack(stack), fn);
        assertThat(env).containsEntry("O2_ORGANIZATION_ID", "default")
                .containsEntry("O2_ENDPOINT", "https://o2.example.com/")
                .containsEntry("O2_STREAM", "lambda_logs")
                .containsEntry("O2_MAX_BUFFER_SIZE_MB", "32")
                .containsEntry("O2_REQUEST_TIMEOUT_MS", "5000")
                .containsEntry("O2_MAX_RETRIES", "0")
                .containsEntry("O2_FLUSH_BUDGET_MS", "1500")
                .doesNotContainKeys("O2_ALLOW_INSECURE_HTTP", "AWS_LAMBDA_EXEC_WRAPPER");
    }

    @Test
    void leavesUnsetOptionsToTheExtensionsDefaults() {
        Function fn = function("Fn", Architecture.X86_64);
        new O2LogShipping(stack, "Ship", minimal(fn).build());

        assertThat(environment(Template.fromStack(stack), fn))
                .containsOnlyKeys("O2_ORGANIZATION_ID", "O2_AUTHORIZATION_HEADER");
    }

    @Test
    void authorizationFromASecretInTheStackIsADynamicReference() {
        Secret secret = new Secret(stack, "IngestToken");
        Function fn = function("Fn", Architecture.ARM_64);
        new O2LogShipping(stack, "Ship", minimal(fn).authorization(O2Authorization.fromSecret(secret)).build());

        Object value = environment(Template.fromStack(stack), fn).get("O2_AUTHORIZATION_HEADER");
        assertThat(value).isEqualTo(Map.of("Fn::Join", List.of("", List.of(
                "{{resolve:secretsmanager:",
                Map.of("Ref", stack.getLogicalId((CfnElement) secret.getNode().getDefaultChild())),
                ":SecretString:::}}"))));
    }

    @Test
    void authorizationFromAJsonFieldOfASecret() {
        Secret secret = new Secret(stack, "IngestToken");
        Function fn = function("Fn", Architecture.ARM_64);
        new O2LogShipping(stack, "Ship",
                minimal(fn).authorization(O2Authorization.fromSecret(secret, "header")).build());

        Object value = environment(Template.fromStack(stack), fn).get("O2_AUTHORIZATION_HEADER");
        assertThat(value.toString()).contains("{{resolve:secretsmanager:", ":SecretString:header::}}");
    }

    @Test
    void authorizationFromASecretNameIsADynamicReferenceString() {
        Function fn = function("Fn", Architecture.ARM_64);
        new O2LogShipping(stack, "Ship", minimal(fn)
                .authorization(O2Authorization.fromSecretNameOrArn("o2/ingest", "authorization"))
                .build());

        assertThat(environment(Template.fromStack(stack), fn).get("O2_AUTHORIZATION_HEADER"))
                .isEqualTo("{{resolve:secretsmanager:o2/ingest:SecretString:authorization::}}");
    }

    @Test
    void authorizationFromAStringParameterIsAnSsmDynamicReference() {
        Function fn = function("Fn", Architecture.ARM_64);
        new O2LogShipping(stack, "Ship", minimal(fn)
                .authorization(O2Authorization.fromStringParameter("/o2/authorization"))
                .build());

        Template template = Template.fromStack(stack);
        assertThat(environment(template, fn).get("O2_AUTHORIZATION_HEADER"))
                .isEqualTo("{{resolve:ssm:/o2/authorization}}");
        // Not a stack parameter, whose resolved value DescribeStacks would show.
        assertThat(template.findParameters("*")).containsOnlyKeys("BootstrapVersion");
    }

    @Test
    void otelInstrumentationSetsTheExecWrapper() {
        Function fn = function("Fn", Architecture.ARM_64);
        new O2LogShipping(stack, "Ship", minimal(fn).otelInstrumentation(true).build());

        assertThat(environment(Template.fromStack(stack), fn))
                .containsEntry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument");
    }

    @Test
    void plainHttpNeedsLoopbackOrTheInsecureFlag() {
        Function fn = function("Fn", Architecture.ARM_64);
        assertThat(minimal(fn).endpoint("http://localhost:5080").build().endpoint()).isNotNull();
        assertThat(minimal(fn).endpoint("http://127.0.0.1:5080").build().endpoint()).isNotNull();
        assertThatThrownBy(() -> minimal(fn).endpoint("http://o2.internal:5080").build())
                .hasMessageContaining("allowInsecureHttp");

        new O2LogShipping(stack, "Ship",
                minimal(fn).endpoint("http://o2.internal:5080").allowInsecureHttp(true).build());
        assertThat(environment(Template.fromStack(stack), fn))
                .containsEntry("O2_ENDPOINT", "http://o2.internal:5080")
                .containsEntry("O2_ALLOW_INSECURE_HTTP", "true");
    }

    @Test
    void rejectsMissingOrWrongSettingsNamingTheVariable() {
        Function fn = function("Fn", Architecture.ARM_64);
        O2Authorization auth = O2Authorization.fromSecretNameOrArn("o2/ingest", null);

        assertThatThrownBy(() -> O2LogShippingProps.builder().function(fn).layer(layer).authorization(auth).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("organization (O2_ORGANIZATION_ID) is required");
        assertThatThrownBy(() -> minimal(fn).organization(" ").build())
                .hasMessage("organization (O2_ORGANIZATION_ID) is required");
        assertThatThrownBy(() -> minimal(fn).organization("a/b").build())
                .hasMessageContaining("may contain only letters, digits");
        assertThatThrownBy(() -> O2LogShippingProps.builder().function(fn).layer(layer).organization("default").build())
                .hasMessageStartingWith("authorization (O2_AUTHORIZATION_HEADER) is required");
        assertThatThrownBy(() -> O2LogShippingProps.builder().layer(layer).organization("o").authorization(auth).build())
                .hasMessage("function is required");
        assertThatThrownBy(() -> minimal(fn).endpoint("o2.example.com").build())
                .hasMessageContaining("O2_ENDPOINT");
        assertThatThrownBy(() -> minimal(fn).endpoint("ftp://o2.example.com").build())
                .hasMessageContaining("O2_ENDPOINT");
        assertThatThrownBy(() -> minimal(fn).endpoint("https://user:pw@o2.example.com").build())
                .hasMessageContaining("user info");
        assertThatThrownBy(() -> minimal(fn).stream("").build()).hasMessageContaining("O2_STREAM");
        assertThatThrownBy(() -> minimal(fn).maxBufferSizeMb(0).build()).hasMessageContaining("O2_MAX_BUFFER_SIZE_MB");
        assertThatThrownBy(() -> minimal(fn).maxBufferSizeMb(1025).build()).hasMessageContaining("1-1024");
        assertThatThrownBy(() -> minimal(fn).maxRetries(21).build()).hasMessageContaining("O2_MAX_RETRIES");
        assertThatThrownBy(() -> minimal(fn).requestTimeout(Duration.millis(0)).build())
                .hasMessageContaining("O2_REQUEST_TIMEOUT_MS");
        assertThatThrownBy(() -> minimal(fn).additionalEnvironment(Map.of("DEBUG", "1")).build())
                .hasMessageContaining("only O2_* variables: DEBUG");
        assertThatThrownBy(() -> minimal(fn).additionalEnvironment(Map.of("O2_AUTHORIZATION_HEADER", "x")).build())
                .hasMessageContaining("may not set O2_AUTHORIZATION_HEADER");
        assertThatThrownBy(() -> O2Authorization.fromStringParameter(" ")).hasMessageContaining("parameterName");
    }

    @Test
    void rejectsAFunctionWhoseArchitectureHasNoLayer() throws Exception {
        Path armOnly = DummyLayerZips.write(Files.createDirectory(zips.resolve("arm-only")), "arm64");
        O2ExtensionLayer armLayer = new O2ExtensionLayer(stack, "ArmLayer", O2ExtensionLayerProps.builder()
                .zipDirectory(armOnly.toString()).architectures(List.of(Architecture.ARM_64)).build());
        Function x86 = function("X86", Architecture.X86_64);

        assertThatThrownBy(() -> new O2LogShipping(stack, "Ship", minimal(x86).layer(armLayer).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no o2-lambda-extension layer for architecture x86_64");
    }

    @Test
    void authorizationDescribesItsSourceWithoutAValue() {
        assertThat(O2Authorization.fromSecretNameOrArn("o2/ingest", "header"))
                .hasToString("secret o2/ingest field header");
        assertThat(O2Authorization.fromStringParameter("/o2/auth")).hasToString("SSM parameter /o2/auth");
    }

    private O2LogShippingProps.Builder minimal(Function fn) {
        return O2LogShippingProps.builder()
                .function(fn)
                .layer(layer)
                .organization("default")
                .authorization(O2Authorization.fromSecretNameOrArn("o2/ingest", null));
    }

    private Function function(String id, Architecture architecture) {
        return new Function(stack, id, FunctionProps.builder()
                .runtime(Runtime.NODEJS_22_X)
                .architecture(architecture)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({ ok: true });"))
                .build());
    }

    private String logicalId(O2ExtensionLayer layer, Architecture architecture) {
        return stack.getLogicalId((CfnElement) layer.layerFor(architecture).getNode().getDefaultChild());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(Template template, Function fn) {
        String id = stack.getLogicalId((CfnElement) fn.getNode().getDefaultChild());
        Map<String, Object> resource = template.findResources("AWS::Lambda::Function").get(id);
        assertThat(resource).as("function %s in the template", id).isNotNull();
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(Template template, Function fn) {
        Map<String, Object> environment = (Map<String, Object>) properties(template, fn).get("Environment");
        return (Map<String, Object>) environment.get("Variables");
    }
}
