package dev.o2ext.cdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersionProps;
import software.constructs.Construct;

/**
 * Publishes the extension's layer zip of each architecture as one {@code AWS::Lambda::LayerVersion}
 * with that architecture as its only compatible architecture.
 *
 * <p>The zips are read from {@link O2ExtensionLayerProps#zipDirectory()} under the names the build
 * gives them, {@code o2-lambda-extension-x86_64.zip} (the default) and
 * {@code o2-lambda-extension-arm64.zip}, a variant's {@code o2-lambda-extension-<variant>-<arch>.zip}.
 * A missing zip fails the synth at once with its absolute path. The zip is uploaded as the layer
 * content unchanged (a CDK file asset).
 *
 * <p>Layer versions are immutable: a new zip gives a new version; what happens to the old one on
 * replacement or stack deletion is {@link O2ExtensionLayerProps#removalPolicy()}.
 */
public final class O2ExtensionLayer extends Construct {

    /**
     * Where the zips are looked for when no directory is given: the repository's {@code target/}
     * seen from {@code infra/cdk}, the directory {@code cdk} and Maven run in.
     */
    public static final String DEFAULT_ZIP_DIRECTORY = "../../target";

    private final Map<String, LayerVersion> versionsByArchitecture = new LinkedHashMap<>();

    /** Publishes the x86_64 layer from {@link #DEFAULT_ZIP_DIRECTORY} with default settings. */
    public O2ExtensionLayer(Construct scope, String id) {
        this(scope, id, O2ExtensionLayerProps.builder().build());
    }

    public O2ExtensionLayer(Construct scope, String id, O2ExtensionLayerProps props) {
        super(scope, id);
        for (Architecture architecture : props.architectures()) {
            String arch = architecture.getName();
            Path zip = zipPath(props.zipDirectory(), props.variant(), architecture);
            if (!Files.isRegularFile(zip)) {
                throw new IllegalArgumentException("layer zip for " + arch + " not found: " + zip
                        + " (build it first: layer-build/build.sh --arch " + arch
                        + "; or set zipDirectory, or architectures to the ones built)");
            }
            String infix = props.variant() == null ? "" : "-" + props.variant();
            LayerVersionProps.Builder layer = LayerVersionProps.builder()
                    .code(Code.fromAsset(zip.toString()))
                    .compatibleArchitectures(List.of(architecture))
                    .description(props.description() != null
                            ? props.description()
                            : "Ships Lambda logs and OpenTelemetry data to OpenObserve" + variantText(props.variant())
                                    + " (" + arch + ")");
            if (props.layerName() != null) {
                layer.layerVersionName(props.layerName() + infix + "-" + arch);
            }
            if (props.license() != null) {
                layer.license(props.license());
            }
            if (!props.compatibleRuntimes().isEmpty()) {
                layer.compatibleRuntimes(props.compatibleRuntimes());
            }
            if (props.removalPolicy() != null) {
                layer.removalPolicy(props.removalPolicy());
            }
            versionsByArchitecture.put(arch, new LayerVersion(this, arch, layer.build()));
        }
    }

    /** What publish.sh's default description says of a variant. */
    private static String variantText(@Nullable String variant) {
        if (variant == null) {
            return "";
        }
        return variant.equals("jvm") ? ", on a JVM" : ", with the OpenTelemetry Java agent";
    }

    /** The zip file name the layer build gives the default layer of {@code architecture}. */
    public static String zipFileName(Architecture architecture) {
        return zipFileName(null, architecture);
    }

    /** The zip file name of {@code variant} (null: the default layer) for {@code architecture}. */
    public static String zipFileName(@Nullable String variant, Architecture architecture) {
        return "o2-lambda-extension" + (variant == null ? "" : "-" + variant) + "-" + architecture.getName() + ".zip";
    }

    static Path zipPath(String zipDirectory, Architecture architecture) {
        return zipPath(zipDirectory, null, architecture);
    }

    static Path zipPath(String zipDirectory, @Nullable String variant, Architecture architecture) {
        return Path.of(zipDirectory).resolve(zipFileName(variant, architecture)).toAbsolutePath().normalize();
    }

    /**
     * The layer version published for {@code architecture}.
     *
     * @throws IllegalArgumentException if this construct did not publish that architecture
     */
    public ILayerVersion layerFor(Architecture architecture) {
        LayerVersion version = versionsByArchitecture.get(architecture.getName());
        if (version == null) {
            throw new IllegalArgumentException("no o2-lambda-extension layer for architecture "
                    + architecture.getName() + " in " + getNode().getPath()
                    + "; published: " + versionsByArchitecture.keySet());
        }
        return version;
    }

    /** The published layer versions by architecture name ({@code x86_64}, {@code arm64}), in props order. */
    public Map<String, ILayerVersion> layerVersions() {
        return Collections.unmodifiableMap(versionsByArchitecture);
    }
}
