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
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretProps;

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
    void theExtensionReadsASecretOfTheStackWhoseRoleMayReadExactlyThatSecret() {
        Secret secret = new Secret(stack, "IngestToken");
        Function fn = function("Fn", Architecture.X86_64);
        new O2LogShipping(stack, "Ship", minimal(fn).authorization(O2Authorization.extensionReadsSecret(secret)).build());

        Template template = Template.fromStack(stack);
        String secretId = stack.getLogicalId((CfnElement) secret.getNode().getDefaultChild());
        assertThat(environment(template, fn)).containsOnlyKeys("O2_ORGANIZATION_ID", "O2_AUTHORIZATION_SECRET_ARN")
                .containsEntry("O2_AUTHORIZATION_SECRET_ARN", Map.of("Ref", secretId));
        assertThat(statements(template, fn)).containsExactly(Map.of("Action", "secretsmanager:GetSecretValue",
                "Effect", "Allow", "Resource", Map.of("Ref", secretId)));
        assertThat(template.toJSON().toString()).doesNotContain("resolve:secretsmanager");
    }

    @Test
    void aJsonKeyOfASecretAndItsCustomerManagedKey() {
        Key key = new Key(stack, "SecretKey");
        Secret secret = new Secret(stack, "IngestToken", SecretProps.builder().encryptionKey(key).build());
        Function fn = function("Fn", Architecture.X86_64);
        new O2LogShipping(stack, "Ship", minimal(fn)
                .authorization(O2Authorization.extensionReadsSecret(secret, "authorization")).build());

        Template template = Template.fromStack(stack);
        assertThat(environment(template, fn)).containsEntry("O2_AUTHORIZATION_SECRET_KEY", "authorization");
        String keyId = stack.getLogicalId((CfnElement) key.getNode().getDefaultChild());
        assertThat(statements(template, fn)).hasSize(2).contains(Map.of("Action", "kms:Decrypt", "Effect", "Allow",
                "Resource", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
    }

    @Test
    void theExtensionReadsASecretByItsArn() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf";
        Function fn = function("Fn", Architecture.X86_64);
        new O2LogShipping(stack, "Ship", minimal(fn).authorization(O2Authorization.extensionReadsSecretArn(arn, null))
                .build());

        Template template = Template.fromStack(stack);
        assertThat(environment(template, fn)).containsEntry("O2_AUTHORIZATION_SECRET_ARN", arn)
                .doesNotContainKeys("O2_AUTHORIZATION_HEADER", "O2_AUTHORIZATION_SECRET_KEY");
        assertThat(statements(template, fn)).containsExactly(Map.of("Action", "secretsmanager:GetSecretValue",
                "Effect", "Allow", "Resource", arn));
        assertThatThrownBy(() -> O2Authorization.extensionReadsSecretArn("o2/ingest", null))
                .hasMessageContaining("secretArn must be a Secrets Manager secret's ARN");
    }

    @Test
    void theExtensionReadsAParameterWhoseRoleMayGetExactlyThatParameter() {
        Key key = new Key(stack, "ParameterKey");
        Function plain = function("Plain", Architecture.X86_64);
        Function decrypted = function("Decrypted", Architecture.X86_64);
        new O2LogShipping(stack, "ShipPlain", minimal(plain)
                .authorization(O2Authorization.extensionReadsParameter("/o2/authorization")).build());
        new O2LogShipping(stack, "ShipDecrypted", minimal(decrypted)
                .authorization(O2Authorization.extensionReadsParameter("o2/authorization").decryptedWith(key)).build());

        Template template = Template.fromStack(stack);
        assertThat(environment(template, plain)).containsOnlyKeys("O2_ORGANIZATION_ID", "O2_AUTHORIZATION_SSM_PARAMETER")
                .containsEntry("O2_AUTHORIZATION_SSM_PARAMETER", "/o2/authorization");
        Map<String, Object> parameterArn = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":ssm:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":parameter/o2/authorization")));
        assertThat(statements(template, plain)).containsExactly(Map.of("Action", "ssm:GetParameter", "Effect", "Allow",
                "Resource", parameterArn));
        String keyId = stack.getLogicalId((CfnElement) key.getNode().getDefaultChild());
        assertThat(statements(template, decrypted)).containsExactly(
                Map.of("Action", "ssm:GetParameter", "Effect", "Allow", "Resource", parameterArn),
                Map.of("Action", "kms:Decrypt", "Effect", "Allow", "Resource", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
    }

    @Test
    void aSourceCloudFormationResolvesGrantsNothing() {
        Function fn = function("Fn", Architecture.X86_64);
        new O2LogShipping(stack, "Ship", minimal(fn).build());

        assertThat(statements(Template.fromStack(stack), fn)).isEmpty();
        assertThatThrownBy(() -> O2Authorization.fromStringParameter("/o2/a").decryptedWith(new Key(stack, "K")))
                .hasMessageContaining("CloudFormation, not the function, reads");
    }

    @Test
    void additionalVariablesFollowTheExtensionsRules() {
        Function fn = function("Fn", Architecture.X86_64);
        assertThatThrownBy(() -> minimal(fn).additionalEnvironment(Map.of("O2_FLUSH_BUDGET_MS", "10")).build())
                .hasMessageContaining("O2_FLUSH_BUDGET_MS must be 50-60000");
        assertThatThrownBy(() -> minimal(fn).additionalEnvironment(Map.of("O2_FLUSH_BUDGET", "1500")).build())
                .hasMessageContaining("O2_FLUSH_BUDGET is not a variable the extension reads");
        assertThatThrownBy(() -> minimal(fn).additionalEnvironment(Map.of("O2_OTLP_PORT", "9001")).build())
                .hasMessageContaining("O2_OTLP_PORT must not be 9001");
        assertThatThrownBy(() -> minimal(fn).requestTimeout(Duration.millis(50)).build())
                .hasMessageContaining("requestTimeout (O2_REQUEST_TIMEOUT_MS) must be 100-600000 ms");
        assertThatThrownBy(() -> minimal(fn).additionalEnvironment(Map.of("O2_AUTHORIZATION_SECRET_ARN", "x")).build())
                .hasMessageContaining("may not set O2_AUTHORIZATION_SECRET_ARN");
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

    /** The statements of the policies attached to the function's role. */
    @SuppressWarnings("unchecked")
    private List<Object> statements(Template template, Function fn) {
        String role = stack.getLogicalId((CfnElement) fn.getRole().getNode().getDefaultChild());
        List<Object> statements = new java.util.ArrayList<>();
        for (Object resource : template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
            if (((List<Object>) properties.get("Roles")).contains(Map.of("Ref", role))) {
                statements.addAll((List<Object>) ((Map<String, Object>) properties.get("PolicyDocument")).get("Statement"));
            }
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(Template template, Function fn) {
        Map<String, Object> environment = (Map<String, Object>) properties(template, fn).get("Environment");
        return (Map<String, Object>) environment.get("Variables");
    }
}
