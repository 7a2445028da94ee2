package dev.o2ext.cdk;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * Settings of {@link O2ExtensionLayer}. Immutable and checked when built; usually made with
 * {@link #builder()}.
 *
 * @param zipDirectory directory holding {@code o2-lambda-extension-<arch>.zip}, relative to the
 *     working directory; default {@link O2ExtensionLayer#DEFAULT_ZIP_DIRECTORY}
 * @param architectures architectures to publish, each once; default x86_64 alone (what
 *     {@code layer-build/build.sh} builds by default); arm64 once its zip is built
 * @param variant null for the default layer (the native executable, Amazon Linux 2023 runtimes),
 *     {@code jvm} (the extension on a JVM, any runtime) or {@code javaagent} (with the
 *     OpenTelemetry Java agent): the zips {@code o2-lambda-extension-<variant>-<arch>.zip}
 * @param layerName base name of the layers; each version is named {@code <layerName>-<arch>}
 *     ({@code <layerName>-<variant>-<arch>} for a variant), the names {@code layer-build/publish.sh}
 *     uses. Default: a name CloudFormation generates
 * @param description layer description; default names the architecture
 * @param license SPDX identifier or URL shown with the layer; default none
 * @param compatibleRuntimes runtimes listed on the layer; default none (an extension works with any)
 * @param removalPolicy what happens to a replaced or deleted version; default the CDK's (destroy)
 */
public record O2ExtensionLayerProps(
        String zipDirectory,
        List<Architecture> architectures,
        @Nullable String variant,
        @Nullable String layerName,
        @Nullable String description,
        @Nullable String license,
        List<Runtime> compatibleRuntimes,
        @Nullable RemovalPolicy removalPolicy) {

    /**
     * @throws IllegalArgumentException if no architecture is given, one is given twice, one is
     *     neither x86_64 nor arm64, the variant is none of {@link #VARIANTS}, or the layer name is
     *     not a valid Lambda layer name
     */
    public O2ExtensionLayerProps {
        architectures = List.copyOf(architectures);
        compatibleRuntimes = List.copyOf(compatibleRuntimes);
        if (architectures.isEmpty()) {
            throw new IllegalArgumentException("architectures must name at least one architecture");
        }
        Set<String> seen = new HashSet<>();
        for (Architecture architecture : architectures) {
            String name = architecture.getName();
            if (!name.equals("x86_64") && !name.equals("arm64")) {
                throw new IllegalArgumentException("unsupported architecture " + name + " (x86_64 or arm64)");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("architecture " + name + " given twice");
            }
        }
        if (variant != null && !VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("unsupported variant " + variant + " " + VARIANTS);
        }
        // 100, not Lambda's 140, leaves room for the "-<arch>" suffix.
        if (layerName != null && !layerName.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new IllegalArgumentException(
                    "layerName must be 1-100 characters of letters, digits, '-' and '_': " + layerName);
        }
    }

    /** The layer variants besides the default (native) one. */
    public static final List<String> VARIANTS = List.of("jvm", "javaagent");

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link O2ExtensionLayerProps}; not thread-safe. */
    public static final class Builder {
        private String zipDirectory = O2ExtensionLayer.DEFAULT_ZIP_DIRECTORY;
        private List<Architecture> architectures = List.of(Architecture.X86_64);
        private @Nullable String variant;
        private @Nullable String layerName;
        private @Nullable String description;
        private @Nullable String license;
        private List<Runtime> compatibleRuntimes = List.of();
        private @Nullable RemovalPolicy removalPolicy;

        private Builder() {
        }

        public Builder zipDirectory(String zipDirectory) {
            this.zipDirectory = zipDirectory;
            return this;
        }

        public Builder architectures(List<Architecture> architectures) {
            this.architectures = architectures;
            return this;
        }

        /** {@code jvm} or {@code javaagent}; not called: the default (native) layer. */
        public Builder variant(String variant) {
            this.variant = variant;
            return this;
        }

        public Builder layerName(String layerName) {
            this.layerName = layerName;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder license(String license) {
            this.license = license;
            return this;
        }

        public Builder compatibleRuntimes(List<Runtime> compatibleRuntimes) {
            this.compatibleRuntimes = compatibleRuntimes;
            return this;
        }

        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /** @throws IllegalArgumentException as the record's constructor does */
        public O2ExtensionLayerProps build() {
            return new O2ExtensionLayerProps(zipDirectory, architectures, variant, layerName, description, license,
                    compatibleRuntimes, removalPolicy);
        }
    }
}
