package dev.o2ext.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.FakeOpenObserve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native layer (system property {@code extension.command} = its launcher, as the build sets
 * it) on the paths where the executable leaves Java code for the JDK's C libraries and our
 * libjvm: TLS to OpenObserve, retries after 503/429 and a slow answer, a burst, freezes
 * (SIGSTOP/SIGCONT between invocations), SHUTDOWN, a host name resolved, gzip. Every JVM_*
 * function those libraries call on the way is recorded ({@code O2_NATIVE_JVM_TRACE}) and must
 * be one that layer-build/native/c/jvm.c implements: an aborting one would stop the extension
 * on Lambda. The end-to-end tests (e2e, otlp, sim) run against the same launcher.
 */
@EnabledIf("nativeLayerBuilt")
class NativeLayerIT {


    @Test
    void shipsEveryLineOverHttpsThroughRetriesBurstFreezesAndShutdownWithImplementedJvmFunctionsOnly(
            @TempDir Path work) throws Exception {
        Path trace = work.resolve("jvm-trace.txt");
        SessionPlan plan = new SessionPlan(List.of(launcher().toString()),
                Map.of("O2_NATIVE_JVM_TRACE", trace.toString()), 128, 6, 40, 2, 2_000, true, work.resolve("tls"), "EC",
                "O2_JAVA_OPTS", null, Duration.ofSeconds(2));

        SessionResult result = SessionRunner.run(plan);

        assertThat(result.complete()).as("all %d lines shipped over HTTPS, exit 0; output:%n%s", result.expected(),
                result.output()).isTrue();
        assertThat(result.registeredBy()).as("registered by the launcher's bash before the executable starts").isEmpty();
        assertOnlyImplementedReached(trace);
    }

    @Test
    void theHealthCheckResolvesAHostNameAndShipsOneRecord(@TempDir Path work) throws Exception {
        Path trace = work.resolve("jvm-trace.txt");
        try (FakeOpenObserve openObserve = FakeOpenObserve.start("Basic aGVhbHRoOmNoZWNr")) {
            String endpoint = openObserve.endpoint().replace("127.0.0.1", "localhost");
            CommandRun check = CommandRun.of(List.of(executable().toString(), "--health-check"),
                    Map.of("O2_ORGANIZATION_ID", FakeOpenObserve.DEFAULT_ORGANIZATION, "O2_AUTHORIZATION_HEADER",
                            "Basic aGVhbHRoOmNoZWNr", "O2_ENDPOINT", endpoint, "O2_NATIVE_JVM_TRACE", trace.toString()));

            assertThat(check.exitCode()).as("health check against %s; it printed:%n%s", endpoint, check.output()).isZero();
            assertThat(openObserve.ingestRequests()).as("the test record reached OpenObserve").isNotEmpty();
        }
        assertOnlyImplementedReached(trace);
    }

    /** The trace names only functions jvm.c implements (the build's report lists them). */
    private static void assertOnlyImplementedReached(Path trace) throws IOException {
        Set<String> reached = Files.exists(trace) ? new TreeSet<>(Files.readAllLines(trace)) : Set.of();
        List<String> report = Files.readAllLines(Path.of(System.getProperty("native.jvm.functions")));
        Set<String> implemented = report.stream().filter(line -> line.startsWith("implemented "))
                .map(line -> line.substring("implemented ".length())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> aborting = report.stream().filter(line -> line.startsWith("aborting "))
                .map(line -> line.substring("aborting ".length())).collect(Collectors.toCollection(TreeSet::new));
        assertThat(aborting).as("the report lists the aborting functions").isNotEmpty();
        assertThat(reached).as("JVM functions reached (in %s)", trace).isNotEmpty().doesNotContainAnyElementsOf(aborting);
        Set<String> notListed = new TreeSet<>(reached);
        notListed.removeAll(implemented);
        notListed.remove("initialize"); // the image's own start-up call, not a JDK library's import
        assertThat(notListed).as("reached but not in the build's list of implemented functions").isEmpty();
    }

    static boolean nativeLayerBuilt() {
        String command = System.getProperty("extension.command", "");
        return !command.isBlank() && Files.isExecutable(Path.of(command))
                && Files.isExecutable(executableOf(Path.of(command)))
                && Files.isRegularFile(Path.of(System.getProperty("native.jvm.functions", "/nonexistent")));
    }

    private static Path launcher() {
        return Path.of(System.getProperty("extension.command")).toAbsolutePath();
    }

    private static Path executable() {
        return executableOf(launcher());
    }

    private static Path executableOf(Path launcher) {
        return launcher.toAbsolutePath().getParent().getParent().resolve("o2-lambda-extension/o2-lambda-extension");
    }

}
