package dev.o2ext.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Runtime;

class O2ExtensionLayerTest {

    @TempDir
    Path zips;

    @Test
    void publishesOneLayerVersionPerArchitecture() throws Exception {
        DummyLayerZips.write(zips, "x86_64", "arm64");
        Stack stack = new Stack(new App(), "Test");
        new O2ExtensionLayer(stack, "O2Layer", O2ExtensionLayerProps.builder()
                .zipDirectory(zips.toString())
                .architectures(List.of(Architecture.X86_64, Architecture.ARM_64))
                .license("Apache-2.0")
                .build());

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Lambda::LayerVersion", 2);
        template.hasResourceProperties("AWS::Lambda::LayerVersion", Map.of(
                "CompatibleArchitectures", List.of("x86_64"),
                "Description", Match.stringLikeRegexp("\\(x86_64\\)"),
                "LicenseInfo", "Apache-2.0"));
        template.hasResourceProperties("AWS::Lambda::LayerVersion", Map.of(
                "CompatibleArchitectures", List.of("arm64"),
                "Description", Match.stringLikeRegexp("\\(arm64\\)")));
        // No name, no runtimes unless asked for.
        template.hasResourceProperties("AWS::Lambda::LayerVersion", Match.not(Match.objectLike(
                Map.of("LayerName", Match.anyValue()))));
        template.hasResourceProperties("AWS::Lambda::LayerVersion", Match.not(Match.objectLike(
                Map.of("CompatibleRuntimes", Match.anyValue()))));
    }

    @Test
    void eachArchitectureUploadsItsOwnZip() throws Exception {
        DummyLayerZips.write(zips, "x86_64", "arm64");
        Stack stack = new Stack(new App(), "Test");
        new O2ExtensionLayer(stack, "O2Layer", O2ExtensionLayerProps.builder().zipDirectory(zips.toString())
                .architectures(List.of(Architecture.X86_64, Architecture.ARM_64)).build());

        Map<String, Map<String, Object>> layers =
                Template.fromStack(stack).findResources("AWS::Lambda::LayerVersion");
        List<Object> keys = layers.values().stream()
                .map(resource -> content(resource).get("S3Key"))
                .toList();
        assertThat(keys).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key.toString()).endsWith(".zip"));
    }

    @Test
    void namesVersionsAfterTheArchitectureAndListsRuntimesWhenAsked() throws Exception {
        DummyLayerZips.write(zips, "arm64");
        Stack stack = new Stack(new App(), "Test");
        O2ExtensionLayer layer = new O2ExtensionLayer(stack, "O2Layer", O2ExtensionLayerProps.builder()
                .zipDirectory(zips.toString())
                .architectures(List.of(Architecture.ARM_64))
                .layerName("o2-lambda-extension")
                .compatibleRuntimes(List.of(Runtime.PYTHON_3_13))
                .build());

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.hasResourceProperties("AWS::Lambda::LayerVersion", Map.of(
                "LayerName", "o2-lambda-extension-arm64",
                "CompatibleArchitectures", List.of("arm64"),
                "CompatibleRuntimes", List.of("python3.13")));
        assertThat(layer.layerVersions()).containsOnlyKeys("arm64");
        assertThatThrownBy(() -> layer.layerFor(Architecture.X86_64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x86_64")
                .hasMessageContaining("[arm64]");
    }

    @Test
    void byDefaultOnlyTheX8664LayerThatTheQuickStartBuilds() throws Exception {
        DummyLayerZips.write(zips, "x86_64");
        Stack stack = new Stack(new App(), "Test");
        O2ExtensionLayer layer = new O2ExtensionLayer(stack, "O2Layer",
                O2ExtensionLayerProps.builder().zipDirectory(zips.toString()).build());

        Template.fromStack(stack).resourceCountIs("AWS::Lambda::LayerVersion", 1);
        assertThat(layer.layerVersions()).containsOnlyKeys("x86_64");
    }

    @Test
    void missingZipFailsWithItsPathAndTheBuildCommand() throws Exception {
        DummyLayerZips.write(zips, "x86_64");
        Stack stack = new Stack(new App(), "Test");
        O2ExtensionLayerProps props = O2ExtensionLayerProps.builder().zipDirectory(zips.toString())
                .architectures(List.of(Architecture.X86_64, Architecture.ARM_64)).build();

        assertThatThrownBy(() -> new O2ExtensionLayer(stack, "O2Layer", props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(zips.resolve("o2-lambda-extension-arm64.zip").toString())
                .hasMessageContaining("layer-build/build.sh --arch arm64");
    }

    @Test
    void aVariantPublishesItsOwnZipUnderItsOwnName() throws Exception {
        DummyLayerZips.write(zips, "o2-lambda-extension-jvm-x86_64.zip");
        Stack stack = new Stack(new App(), "Test");
        new O2ExtensionLayer(stack, "O2Layer", O2ExtensionLayerProps.builder()
                .zipDirectory(zips.toString()).variant("jvm").layerName("o2-lambda-extension").build());

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.hasResourceProperties("AWS::Lambda::LayerVersion", Map.of(
                "LayerName", "o2-lambda-extension-jvm-x86_64",
                "Description", "Ships Lambda logs and OpenTelemetry data to OpenObserve, on a JVM (x86_64)"));
        assertThatThrownBy(() -> O2ExtensionLayerProps.builder().variant("native").build())
                .hasMessageContaining("unsupported variant native [jvm, javaagent]");
    }

    @Test
    void defaultZipDirectoryIsTheRepositoryTargetSeenFromInfraCdk() {
        // Maven and cdk both run in infra/cdk.
        Path repository = Path.of("").toAbsolutePath().getParent().getParent();
        assertThat(O2ExtensionLayer.zipPath(O2ExtensionLayer.DEFAULT_ZIP_DIRECTORY, Architecture.ARM_64))
                .isEqualTo(repository.resolve("target/o2-lambda-extension-arm64.zip"));
    }

    @Test
    void rejectsBadArchitecturesAndNames() {
        assertThatThrownBy(() -> O2ExtensionLayerProps.builder().architectures(List.of()).build())
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> O2ExtensionLayerProps.builder()
                .architectures(List.of(Architecture.ARM_64, Architecture.ARM_64)).build())
                .hasMessageContaining("arm64 given twice");
        assertThatThrownBy(() -> O2ExtensionLayerProps.builder()
                .architectures(List.of(Architecture.custom("riscv64"))).build())
                .hasMessageContaining("unsupported architecture riscv64");
        assertThatThrownBy(() -> O2ExtensionLayerProps.builder().layerName("o2 layer").build())
                .hasMessageContaining("layerName");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> content(Map<String, Object> resource) {
        Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
        return (Map<String, Object>) properties.get("Content");
    }
}
