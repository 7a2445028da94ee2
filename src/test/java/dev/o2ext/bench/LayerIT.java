package dev.o2ext.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM variant of the layer (system property {@code jvm.extension.command} = its launcher, as
 * the build sets it): HTTPS through the jlinked runtime; registration by the launcher before the
 * JVM starts, and by the JVM where there is no bash; an AOT cache that the JVM cannot use —
 * corrupted, or made for jars with other mtimes — costing speed only, never correctness, and
 * one that it takes with 128 MB of memory. The end-to-end tests run against the native layer
 * (NativeLayerIT); this is the JVM variant's smoke test.
 */
@EnabledIf("layerBuilt")
class LayerIT {


    @Test
    void shipsEveryLineOverHttpsWithTheJlinkedRuntime(@TempDir Path work) throws Exception {
        SessionResult result = SessionRunner.run(plan(launcher(), work.resolve("tls"), 3));

        assertThat(result.complete()).as("all %d lines shipped over HTTPS (EC certificate), exit 0; output:%n%s",
                result.expected(), result.output()).isTrue();
    }

    @Test
    void theLauncherRegistersBeforeTheJvmStartsAndTheJvmTakesOverTheRegistration() throws Exception {
        SessionResult result = SessionRunner.run(plan(launcher(), null, 0));

        assertThat(result.registeredBy()).as("registered by the launcher's bash, not the JVM's HTTP client").isEmpty();
        assertThat(result.complete()).as("all lines shipped, exit 0; output:%n%s", result.output()).isTrue();
    }

    @Test
    void withoutBashTheJvmRegistersItself(@TempDir Path work) throws Exception {
        SessionPlan noBash = plan(launcher(), null, 0, Map.of("PATH", work.resolve("empty").toString()));

        SessionResult result = SessionRunner.run(noBash);

        assertThat(result.registeredBy()).as("registered by the JVM").startsWith("Java/");
        assertThat(result.complete()).as("all lines shipped, exit 0; output:%n%s", result.output()).isTrue();
    }

    @Test
    void aCorruptedCacheOnlyCostsSpeed(@TempDir Path work) throws Exception {
        Path layer = copyOfLayer(work);
        Path cache = layer.resolve("o2-lambda-extension/app.aot");
        assumeTrue(Files.isRegularFile(cache), "the layer has an AOT cache");
        FileTime mtime = Files.getLastModifiedTime(cache);
        try (RandomAccessFile file = new RandomAccessFile(cache.toFile(), "rw")) {
            for (long position = 0; position < file.length(); position += 4096) {
                file.seek(position);
                file.write(0x5A);
            }
        }
        Files.setLastModifiedTime(cache, mtime);

        SessionResult result = SessionRunner.run(plan(launcherOf(layer), null, 0));

        assertThat(result.complete()).as("all lines shipped with a corrupted cache; output:%n%s", result.output())
                .isTrue();
    }

    @Test
    void aCacheForJarsWithOtherMtimesIsRejectedAndTheExtensionStillWorks(@TempDir Path work) throws Exception {
        Path layer = copyOfLayer(work);
        assumeTrue(Files.isRegularFile(layer.resolve("o2-lambda-extension/app.aot")), "the layer has an AOT cache");
        try (var jars = Files.list(layer.resolve("o2-lambda-extension/app/lib"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("jackson-databind")).findFirst().orElseThrow();
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        }

        CommandRun strict = CommandRun.of(List.of(launcherOf(layer).toString(), "--version"), Map.of("O2_JAVA_OPTS", "-XX:AOTMode=on"));
        SessionResult result = SessionRunner.run(plan(launcherOf(layer), null, 0));

        assertThat(strict.exitCode()).as("AOTMode=on refuses the stale cache: the JVM does check the jars").isNotZero();
        assertThat(result.complete()).as("all lines shipped with a stale cache; output:%n%s", result.output()).isTrue();
    }

    @Test
    void theCacheStillFitsWhenTheZipIsUnpackedElsewhereInAnotherTimeZone(@TempDir Path work) throws Exception {
        Path zip = layerDirectory().getParent().getParent()
                .resolve("o2-lambda-extension-jvm-" + layerDirectory().getFileName() + ".zip");
        assumeTrue(Files.isRegularFile(zip), "the layer zip exists: " + zip);
        Path unpacked = work.resolve("opt");
        Files.createDirectories(unpacked);
        CommandRun unzip = CommandRun.of(List.of("unzip", "-q", zip.toString(), "-d", unpacked.toString()),
                Map.of("TZ", "Pacific/Auckland"));
        assertThat(unzip.exitCode()).as("unzip: %s", unzip.output()).isZero();

        CommandRun strict = CommandRun.of(List.of(launcherOf(unpacked).toString(), "--version"),
                Map.of("O2_JAVA_OPTS", "-XX:AOTMode=on"));

        assertThat(strict.exitCode()).as("the JVM accepts the unpacked layer's cache (AOTMode=on); it printed:%n%s",
                strict.output()).isZero();
    }

    @Test
    void theCacheIsUsableInTheSmallestSandbox() throws Exception {
        assumeTrue(Files.isRegularFile(layerDirectory().resolve("o2-lambda-extension/app.aot")), "the layer has an AOT cache");

        // a 128 MB function: the JVM sizes its initial heap from that; the linked cache's archived
        // objects need room in the old generation, or the JVM refuses to start at all
        CommandRun strict = CommandRun.of(List.of(launcher().toString(), "--version"),
                Map.of("O2_JAVA_OPTS", "-XX:MaxRAM=128m -XX:AOTMode=on"));

        assertThat(strict.exitCode()).as("the JVM takes the cache with 128 MB of memory; it printed:%n%s",
                strict.output()).isZero();
    }

    static boolean layerBuilt() {
        String command = System.getProperty("jvm.extension.command", "");
        return !command.isBlank() && command.endsWith("extensions/o2-lambda-extension")
                && Files.isExecutable(Path.of(command));
    }

    private static Path launcher() {
        return Path.of(System.getProperty("jvm.extension.command")).toAbsolutePath();
    }

    private static Path layerDirectory() {
        return launcher().getParent().getParent();
    }

    private static Path launcherOf(Path layer) {
        return layer.resolve("extensions/o2-lambda-extension");
    }

    /** {@code cp -a}: a copy that keeps the mtimes the cache was trained with. */
    private static Path copyOfLayer(Path work) throws IOException, InterruptedException {
        Path copy = work.resolve("layer");
        CommandRun cp = CommandRun.of(List.of("cp", "-a", layerDirectory().toString(), copy.toString()), Map.of());
        assertThat(cp.exitCode()).as("cp -a: %s", cp.output()).isZero();
        return copy;
    }

    private static SessionPlan plan(Path launcher, Path tls, int jsonInvocations) {
        return plan(launcher, tls, jsonInvocations, Map.of());
    }

    private static SessionPlan plan(Path launcher, Path tls, int jsonInvocations, Map<String, String> environment) {
        return new SessionPlan(List.of(launcher.toString()), environment, 512, 4, 40, jsonInvocations, 1_000, false,
                tls, "EC", "O2_JAVA_OPTS", null, Duration.ofSeconds(2));
    }

}
