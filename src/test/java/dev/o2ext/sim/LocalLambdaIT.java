package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o2ext.fakeo2.FakeOpenObserve;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link LocalLambda}, the local run of the README, end to end: the sample function (a shell
 * custom runtime) under the simulator with the packaged extension — the built layer's
 * {@code extensions/} when the build made one ({@code extension.command}), else the jar — shipping
 * to the fake OpenObserve; the README's command itself ({@code layer-build/run-local.sh}) when
 * there is a layer; the same with the user's own OpenObserve; and the simulator's mini processes.
 */
class LocalLambdaIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
            + System.getProperty("java.class.path") + " ";

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    private static final Pattern DELIVERY = Pattern.compile("function lines: (\\d+) emitted, (\\d+) in OpenObserve");

    @Test
    void theSampleFunctionsLinesAllReachTheFakeOpenObserveThroughThePackagedExtension() throws Exception {
        Run run = run(Map.of(), extensionArguments());

        assertThat(run.status()).as(run.text()).isZero();
        Matcher delivery = DELIVERY.matcher(run.text());
        assertThat(delivery.find()).as(run.text()).isTrue();
        // three sample events, three lines each (stdout text, stdout JSON, stderr)
        assertThat(Integer.parseInt(delivery.group(1))).as(run.text()).isEqualTo(9);
        assertThat(delivery.group(2)).isEqualTo(delivery.group(1));
        assertThat(run.text()).contains("OpenObserve: the project's fake OpenObserve at http://127.0.0.1:",
                "init: READY", "invocation local-1: completed, runtime success", "invocation local-3: completed",
                "3 function lines", "3 invocations, records received", "dropped 0", "last error: none",
                "exit 0 after", "(before the deadline)", "the last 3 of them as OpenObserve stores them, all fields",
                "extension delivery (its shutdown line): received ",
                "\"requestid\":\"local-3\"", "errors: none", "result: OK");
        assertThat(run.text()).containsPattern("post-runtime \\d+ ms")
                .containsPattern("o2-lambda-extension[^|]*\\| ").doesNotContain("is taken");
    }

    @Test
    void theReadmeCommandRunsTheBuiltLayerAndTheSampleFunction() throws Exception {
        assumeTrue(!System.getProperty("extension.command", "").isBlank(),
                "the README command runs the layer, which this build (-Dlayer.skip) did not make");
        String text = script("--no-build");

        assertThat(text).contains("layer: target/layer/x86_64; extensions: o2-lambda-extension",
                "function: layer-build/local/sample-function/bootstrap", "the project's fake OpenObserve at",
                "function lines: 9 emitted, 9 in OpenObserve", "result: OK", "O2_ENDPOINT=https://")
                .doesNotContain("building the extension");
        assertThat(script("--help")).contains("layer-build/run-local.sh [--rebuild | --no-build]",
                "usage: LocalLambda", "--function");
    }

    @Test
    void withO2EndpointInTheEnvironmentTheDataGoesThereAndTheCredentialIsNeverPrinted() throws Exception {
        String secret = "Basic dXNlckBleGFtcGxlLmNvbTpzM2NyZXQtcGFzc2NvZGU=";
        try (FakeOpenObserve users = FakeOpenObserve.start(secret, "team")) {
            Run run = run(Map.of("O2_ENDPOINT", users.endpoint(), "O2_ORGANIZATION_ID", "team",
                    "O2_AUTHORIZATION_HEADER", secret, "O2_STREAM", "lambda-logs"), extensionArguments());

            assertThat(run.status()).as(run.text()).isZero();
            assertThat(run.text()).contains("OpenObserve: your OpenObserve at " + users.endpoint()
                    + " (organization team, stream lambda_logs", "a real OpenObserve cannot be counted", "result: OK")
                    .doesNotContain("the project's fake").doesNotContain(secret).doesNotContain(secret.substring(6));
            List<JsonNode> functionRecords = users.records("lambda_logs").stream()
                    .filter(r -> r.path("type").asString("").equals("function")).toList();
            assertThat(functionRecords).hasSize(9);
        }
    }

    @Test
    void aRefusedHeaderAtARealEndpointFailsTheRunWithTheExtensionsCounts() throws Exception {
        String secret = "Basic dXNlckBleGFtcGxlLmNvbTpzM2NyZXQtcGFzc2NvZGU=";
        String wrong = "Basic d3JvbmdAZXhhbXBsZS5jb206d3Jvbmc=";
        try (FakeOpenObserve users = FakeOpenObserve.start(secret, "team")) {
            Run run = run(Map.of("O2_ENDPOINT", users.endpoint(), "O2_ORGANIZATION_ID", "team",
                    "O2_AUTHORIZATION_HEADER", wrong), extensionArguments());

            // nothing can be counted there: what the extension says it shipped decides
            assertThat(run.status()).as(run.text()).isEqualTo(1);
            assertThat(run.text()).contains("a real OpenObserve cannot be counted", "shipped 0, not delivered",
                    "result: FAILED: the extension reports").doesNotContain("result: OK").doesNotContain(wrong);
            assertThat(users.records("default")).isEmpty();
        }
    }

    @Test
    void runsTheMiniProcessesAndReportsLinesThatNeverReachedOpenObserve() throws Exception {
        Run run = run(Map.of(), "--no-layer", "--extension", JAVA + MiniExtension.class.getName() + " mini",
                "--function", JAVA + MiniRuntime.class.getName(), "--invocations", "2", "--json-log-format");

        // the mini extension ships nothing: the summary must say that the lines are missing
        assertThat(run.status()).as(run.text()).isEqualTo(1);
        assertThat(run.text()).contains("init: READY", "invocation local-1: completed, runtime success",
                "invocation local-2: completed", "2 function lines", "function lines: 4 emitted, 0 in OpenObserve",
                "exit 0", "(before the deadline)", "errors: none",
                "result: FAILED: 4 function lines did not reach OpenObserve");
    }

    @Test
    void aFunctionThatCannotStartEndsInitAtOnceWithLambdasError() throws Exception {
        long start = System.nanoTime();
        Run run = run(Map.of(), "--no-layer", "--extension", JAVA + MiniExtension.class.getName() + " mini",
                "--function", "./no-such-bootstrap");

        assertThat(run.status()).as(run.text()).isEqualTo(1);
        assertThat(run.text()).contains("init: INIT_ERROR", "Runtime.InvalidEntrypoint",
                "result: FAILED: the function did not start: cannot start [./no-such-bootstrap]");
        // Init's budget is 10 s: an error that ends Init must not wait for it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LambdaSimulator.INIT_BUDGET);
    }

    @Test
    void aMissingLayerIsExplainedBeforeAnythingStarts() throws Exception {
        Run run = run(Map.of(), "--layer", "target/no-such-layer");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.text()).contains("no layer at target/no-such-layer", "layer-build/run-local.sh");
    }

    /** Runs layer-build/run-local.sh without the caller's O2_* variables; its output, once it exited 0. */
    private static String script(String... args) throws Exception {
        Path output = Files.createTempFile("run-local", ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of("layer-build", "run-local.sh").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("O2_"));
        Process script = builder.start();
        try {
            boolean exited = script.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String text = Files.readString(output);
            assertThat(exited).as(text).isTrue();
            assertThat(script.exitValue()).as(text).isZero();
            return text;
        } finally {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /** The built layer when Failsafe names its launcher, else the jar as an extra extension. */
    private static String[] extensionArguments() {
        String launcher = System.getProperty("extension.command", "");
        if (!launcher.isBlank()) {
            Path layer = Path.of(launcher).toAbsolutePath().getParent().getParent();
            assertThat(Files.isExecutable(Path.of(launcher))).as("the layer's launcher " + launcher).isTrue();
            return new String[] {"--layer", layer.toString()};
        }
        String jar = System.getProperty("extension.jar", "");
        assertThat(Files.isRegularFile(Path.of(jar))).as("the packaged extension " + jar + ": run mvn verify").isTrue();
        return new String[] {"--no-layer", "--extension",
                Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + jar};
    }

    private static Run run(Map<String, String> userEnvironment, String... args) throws InterruptedException {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of(args));
        int status = LocalLambda.run(LocalLambdaOptions.parse(arguments.toArray(String[]::new)), userEnvironment,
                new PrintStream(summary, true, StandardCharsets.UTF_8));
        return new Run(status, summary.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String text) {
    }
}
