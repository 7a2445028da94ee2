package dev.o2ext.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2ext.cdk.example.ExampleApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ExampleAppTest {

    @TempDir
    Path zips;

    @Test
    void synthesizesWithOnlyTheX8664ZipThatTheQuickStartBuilds() throws Exception {
        DummyLayerZips.write(zips, "x86_64");
        App app = new App(AppProps.builder().context(Map.of(
                "o2:organization", "default",
                "o2:layerZipDirectory", zips.toString())).build());

        Template template = Template.fromStack(ExampleApp.build(app));

        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Architectures", List.of("x86_64"),
                "Layers", List.of(Map.of("Ref", Match.stringLikeRegexp("^O2Layerx8664")))));
        assertThat(template.findOutputs("*")).containsOnlyKeys("FunctionName", "LayerArnx8664");
    }

    @Test
    void synthesizesTheArmLayerAndFunctionWhenAsked() throws Exception {
        DummyLayerZips.write(zips, "arm64");
        App app = new App(AppProps.builder().context(Map.of(
                "o2:organization", "default",
                "o2:endpoint", "https://o2.example.com",
                "o2:architecture", "arm64",
                "o2:layerZipDirectory", zips.toString())).build());

        Template template = Template.fromStack(ExampleApp.build(app));

        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "python3.13",
                "Architectures", List.of("arm64"),
                "Layers", List.of(Map.of("Ref", Match.stringLikeRegexp("^O2Layerarm64"))),
                "Environment", Map.of("Variables", Map.of(
                        "O2_ORGANIZATION_ID", "default",
                        "O2_ENDPOINT", "https://o2.example.com",
                        "O2_AUTHORIZATION_SECRET_ARN", Map.of("Fn::Join", List.of("", List.of("arn:",
                                Map.of("Ref", "AWS::Partition"), ":secretsmanager:", Map.of("Ref", "AWS::Region"), ":",
                                Map.of("Ref", "AWS::AccountId"), ":secret:o2-lambda-extension/authorization")))))));
        // the role may read exactly that secret (its ARN ends in six characters Secrets Manager chose)
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(Map.of(
                "Action", "secretsmanager:GetSecretValue", "Effect", "Allow",
                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":secretsmanager:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                        ":secret:o2-lambda-extension/authorization-??????"))))))));
        assertThat(template.toJSON().toString()).doesNotContain("O2_AUTHORIZATION_HEADER", "resolve:");
        assertThat(template.findOutputs("*")).containsOnlyKeys("FunctionName", "LayerArnarm64");
    }

    @Test
    void refusesToSynthesizeWithoutAnOrganization() throws Exception {
        DummyLayerZips.write(zips, "x86_64", "arm64");
        App app = new App(AppProps.builder().context(Map.of("o2:layerZipDirectory", zips.toString())).build());

        assertThatThrownBy(() -> ExampleApp.build(app)).hasMessageContaining("o2:organization");
    }
}
