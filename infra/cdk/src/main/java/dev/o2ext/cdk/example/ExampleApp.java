package dev.o2ext.cdk.example;

import dev.o2ext.cdk.O2Authorization;
import dev.o2ext.cdk.O2ExtensionLayer;
import dev.o2ext.cdk.O2ExtensionLayerProps;
import dev.o2ext.cdk.O2LogShipping;
import dev.o2ext.cdk.O2LogShippingProps;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The example app that {@code cdk.json} runs. Context keys:
 * <ul>
 *   <li>{@code o2:organization} — required, {@code O2_ORGANIZATION_ID};
 *   <li>{@code o2:authorizationSecret} — name or complete ARN of a Secrets Manager secret holding the
 *       whole {@code Authorization} header, which the extension reads during Init (the function's role
 *       may read exactly that secret); default {@value #DEFAULT_SECRET};
 *   <li>{@code o2:endpoint}, {@code o2:stream} — optional;
 *   <li>{@code o2:architecture} — the function's and the layer's, {@code x86_64} (default, what
 *       {@code layer-build/build.sh} builds) or {@code arm64};
 *   <li>{@code o2:variant} — {@code jvm} or {@code javaagent} for a variant's layer; default the
 *       native one;
 *   <li>{@code o2:layerZipDirectory} — default {@link O2ExtensionLayer#DEFAULT_ZIP_DIRECTORY}.
 * </ul>
 */
public final class ExampleApp {

    static final String DEFAULT_SECRET = "o2-lambda-extension/authorization";

    private static final String HANDLER = """
            import json

            def handler(event, context):
                print(json.dumps({"message": "hello from the o2-lambda-extension example", "event": event}))
                return {"ok": True}
            """;

    private ExampleApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** The secret by its complete ARN, or by its name in the stack's account and region. */
    private static ISecret secret(Stack stack, String nameOrArn) {
        return nameOrArn.startsWith("arn:")
                ? Secret.fromSecretCompleteArn(stack, "Authorization", nameOrArn)
                : Secret.fromSecretNameV2(stack, "Authorization", nameOrArn);
    }

    /** Adds the example stack to {@code app}, configured from the app's context. */
    public static Stack build(App app) {
        Stack stack = new Stack(app, "O2ExtensionExample");
        String architectureName = Objects.requireNonNullElse(context(app, "o2:architecture"), "x86_64");
        Architecture architecture = switch (architectureName) {
            case "x86_64" -> Architecture.X86_64;
            case "arm64" -> Architecture.ARM_64;
            default -> throw new IllegalArgumentException("o2:architecture must be x86_64 or arm64: " + architectureName);
        };
        O2ExtensionLayerProps.Builder layerProps = O2ExtensionLayerProps.builder()
                .zipDirectory(Objects.requireNonNullElse(
                        context(app, "o2:layerZipDirectory"), O2ExtensionLayer.DEFAULT_ZIP_DIRECTORY))
                .architectures(List.of(architecture));
        String variant = context(app, "o2:variant");
        if (variant != null) {
            layerProps.variant(variant);
        }
        O2ExtensionLayer layer = new O2ExtensionLayer(stack, "O2Layer", layerProps.build());

        Function function = new Function(stack, "Hello", FunctionProps.builder()
                .runtime(Runtime.PYTHON_3_13)
                .architecture(architecture)
                .handler("index.handler")
                .code(Code.fromInline(HANDLER))
                .memorySize(256)
                .timeout(Duration.seconds(10))
                .build());

        String organization = context(app, "o2:organization");
        if (organization == null) {
            throw new IllegalArgumentException(
                    "set the context value o2:organization, e.g. cdk deploy -c o2:organization=default");
        }
        O2LogShippingProps.Builder shipping = O2LogShippingProps.builder()
                .function(function)
                .layer(layer)
                .organization(organization)
                .authorization(O2Authorization.extensionReadsSecret(secret(stack, Objects.requireNonNullElse(
                        context(app, "o2:authorizationSecret"), DEFAULT_SECRET))));
        String endpoint = context(app, "o2:endpoint");
        if (endpoint != null) {
            shipping.endpoint(endpoint);
        }
        String stream = context(app, "o2:stream");
        if (stream != null) {
            shipping.stream(stream);
        }
        new O2LogShipping(stack, "ShipLogs", shipping.build());

        new CfnOutput(stack, "FunctionName", CfnOutputProps.builder().value(function.getFunctionName()).build());
        layer.layerVersions().forEach((arch, version) -> new CfnOutput(stack, "LayerArn_" + arch.replace("_", ""),
                CfnOutputProps.builder().value(version.getLayerVersionArn()).build()));
        return stack;
    }

    private static @Nullable String context(App app, String key) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
