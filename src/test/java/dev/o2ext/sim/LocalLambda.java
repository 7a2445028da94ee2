package dev.o2ext.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The product's local run (layer-build/run-local.sh): a Lambda on this machine. The
 * {@link LambdaSimulator} starts every executable of the layer's {@code extensions/} as Lambda
 * does (plus any {@code --extension}), then the function's runtime process (the sample function by
 * default), invokes it with sample events, freezes everything between invocations, reads the
 * extension's diagnostics, sends SHUTDOWN and prints a short summary: the invocations, where the
 * data went ({@link LocalOpenObserve}), how many function lines were emitted and how many reached
 * OpenObserve, and the extensions' output. See {@link LocalLambdaOptions#USAGE}.
 */
public final class LocalLambda {

    private LocalLambda() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalLambdaOptions options;
        try {
            options = LocalLambdaOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LocalLambdaOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options, System.getenv(), System.out));
    }

    /**
     * Runs the session; {@code userEnvironment} stands for the caller's environment (only its
     * {@code O2_*} variables are read, to choose the OpenObserve). Returns 0 when everything the
     * platform expects happened and, with the fake, every function line arrived; 1 otherwise; 2
     * when there is nothing to run.
     */
    static int run(LocalLambdaOptions options, Map<String, String> userEnvironment, PrintStream out)
            throws InterruptedException {
        List<List<String>> extensions;
        try {
            extensions = extensionCommands(options);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        try (LocalOpenObserve openObserve = LocalOpenObserve.choose(options.environment(), userEnvironment);
                LambdaSimulator simulator = LambdaSimulator.builder().freezing(options.freezing())
                        .jsonLogFormat(options.jsonLogFormat()).start()) {
            Map<String, String> environment = environment(options, openObserve);
            int diagnosticsPort = Integer.parseInt(environment.get("O2_DIAGNOSTICS_PORT"));
            out.println("layer: " + (options.layer() == null ? "none" : options.layer()) + "; extensions: "
                    + String.join(", ", extensions.stream().map(LocalReport::name).toList()));
            out.println("function: " + (options.function() == null
                    ? options.scriptedLines() + " scripted lines per invocation (no function process)"
                    : String.join(" ", options.function())));
            out.println("OpenObserve: " + openObserve.describe());
            return new Session(options, simulator, openObserve, environment, out).run(extensions, diagnosticsPort);
        }
    }

    /** The layer's {@code extensions/} executables in name order, then the {@code --extension} commands. */
    static List<List<String>> extensionCommands(LocalLambdaOptions options) {
        List<List<String>> commands = new ArrayList<>();
        Path layer = options.layer();
        if (layer != null) {
            Path directory = layer.resolve("extensions");
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("no layer at " + layer + " (no extensions/ directory): build it"
                        + " with layer-build/run-local.sh or mvn package, or pass --layer DIR or --no-layer --extension");
            }
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> Files.isRegularFile(f) && Files.isExecutable(f)).sorted()
                        .forEach(f -> commands.add(List.of(f.toAbsolutePath().toString())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
            if (commands.isEmpty()) {
                throw new IllegalArgumentException("no executable in " + directory);
            }
        }
        commands.addAll(options.extensions());
        return commands;
    }

    /**
     * The function configuration's variables as Lambda gives them to the layer's processes: the
     * user's {@code --env}, the OpenObserve's {@code O2_*}, a free diagnostics port unless one is
     * configured, the log format, and the layer's {@code bin/} and {@code lib/} (Lambda's
     * {@code /opt/bin}, {@code /opt/lib}) when it has them.
     */
    static Map<String, String> environment(LocalLambdaOptions options, LocalOpenObserve openObserve) {
        Map<String, String> environment = new LinkedHashMap<>(options.environment());
        environment.putAll(openObserve.environment());
        environment.putIfAbsent("O2_DIAGNOSTICS_PORT", Integer.toString(freePort()));
        if (options.jsonLogFormat()) {
            environment.putIfAbsent("AWS_LAMBDA_LOG_FORMAT", "JSON");
        }
        Path layer = options.layer();
        if (layer != null) {
            Path absolute = layer.toAbsolutePath();
            append(environment, "PATH", absolute.resolve("bin"));
            append(environment, "LD_LIBRARY_PATH", absolute.resolve("lib"));
        }
        return environment;
    }

    private static void append(Map<String, String> environment, String name, Path directory) {
        if (Files.isDirectory(directory)) {
            String current = environment.getOrDefault(name, System.getenv().getOrDefault(name, ""));
            environment.put(name, current.isEmpty() ? directory.toString() : current + ":" + directory);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One run: Init, the invocations, the diagnostics, Shutdown and the summary. */
    private record Session(LocalLambdaOptions options, LambdaSimulator simulator, LocalOpenObserve openObserve,
            Map<String, String> environment, PrintStream out) {

        int run(List<List<String>> extensions, int diagnosticsPort) throws InterruptedException {
            List<String> problems = new ArrayList<>();
            extensions.forEach(command -> simulator.launchExtension(command, environment));
            InitResult init = init(problems);
            long emittedByScript = 0;
            for (int i = 0; init.ready() && i < options.invocations(); i++) {
                InvocationResult result = invoke("local-" + (i + 1), options.event(i));
                emittedByScript += options.function() == null ? result.functionEvents().size() : 0;
                out.printf("invocation %s: %s, runtime %s, post-runtime %d ms, %d function lines%n", result.requestId(),
                        result.completed() ? "completed" : "NOT completed", result.runtimeStatus(),
                        result.postRuntime().toMillis(), result.functionEvents().size());
                if (!result.completed()) {
                    problems.add("invocation " + result.requestId() + " did not complete");
                    break;
                }
            }
            String diagnostics = diagnostics(diagnosticsPort);
            out.println("diagnostics before shutdown (GET http://127.0.0.1:" + diagnosticsPort + "/diagnostics): "
                    + diagnostics);
            ShutdownResult shutdown = simulator.shutdown("spindown", options.shutdownDeadline());
            for (ExtensionExit exit : shutdown.exits()) {
                String name = LocalReport.processName(simulator.processes(), exit.pid());
                if (exit.elapsed().isNegative()) {
                    out.printf("shutdown: %s had exited before, with status %d%n", name, exit.exitCode());
                    continue;
                }
                out.printf("shutdown: %s exit %d after %d ms (%s the deadline)%n", name, exit.exitCode(),
                        exit.elapsed().toMillis(), exit.exitedBeforeDeadline() ? "before" : "NOT before");
                if (!exit.exitedBeforeDeadline()) {
                    problems.add("an extension did not exit before the shutdown deadline");
                }
            }
            List<TelemetryDelivery> deliveries = simulator.deliveries();
            out.printf("telemetry: %d batches, %d events accepted, %d batches refused or failed%n", deliveries.size(),
                    deliveries.stream().filter(TelemetryDelivery::accepted).mapToInt(TelemetryDelivery::items).sum(),
                    deliveries.stream().filter(d -> !d.accepted()).count());
            ExtensionProcess function = simulator.functionProcess();
            long emitted = function == null ? emittedByScript : function.output().size();
            delivery(emitted, problems);
            LocalReport.output(out, simulator.processes());
            List<ErrorReport> errors = simulator.errors();
            out.println(errors.isEmpty() ? "errors: none" : "errors: " + errors);
            if (!errors.isEmpty()) {
                problems.add("the platform saw errors");
            }
            out.println(problems.isEmpty() ? "result: OK" : "result: FAILED: " + String.join("; ", problems));
            return problems.isEmpty() ? 0 : 1;
        }

        private InitResult init(List<String> problems) throws InterruptedException {
            List<String> function = options.function();
            if (function != null) {
                try {
                    simulator.launchFunction(wrapped(function), functionEnvironment(function));
                } catch (IllegalStateException | UncheckedIOException e) {
                    problems.add("the function did not start: " + e.getMessage());
                }
            }
            InitResult init = simulator.awaitInit(LambdaSimulator.INIT_BUDGET);
            out.printf("init: %s in %d ms%s%n", init.status(), init.elapsed().toMillis(), init.error() == null ? ""
                    : " (" + init.error().errorType() + ": " + init.error().body() + ")");
            if (!init.ready()) {
                problems.add("Init did not succeed");
            }
            return init;
        }

        /** The runtime gets {@code LAMBDA_TASK_ROOT} (its own directory) and, when configured, the exec wrapper. */
        private Map<String, String> functionEnvironment(List<String> function) {
            Map<String, String> functionEnvironment = new LinkedHashMap<>(environment);
            Path executable = Path.of(function.get(0)).toAbsolutePath().getParent();
            if (executable != null) {
                functionEnvironment.putIfAbsent("LAMBDA_TASK_ROOT", executable.toString());
            }
            return functionEnvironment;
        }

        /**
         * With {@code AWS_LAMBDA_EXEC_WRAPPER} in {@code --env} (the user's choice, never set here) the
         * wrapper starts the runtime, as managed runtimes do on Lambda; its {@code /opt/} is the layer.
         */
        private List<String> wrapped(List<String> function) {
            String wrapper = options.environment().get("AWS_LAMBDA_EXEC_WRAPPER");
            Path layer = options.layer();
            if (wrapper == null || wrapper.isBlank()) {
                return function;
            }
            if (layer != null && wrapper.startsWith("/opt/")) {
                wrapper = layer.toAbsolutePath().resolve(wrapper.substring("/opt/".length())).toString();
            }
            List<String> command = new ArrayList<>(List.of(wrapper));
            command.addAll(function);
            return command;
        }

        private InvocationResult invoke(String requestId, String event) throws InterruptedException {
            Duration timeout = options.functionTimeout();
            List<String> function = options.function();
            if (function != null) {
                return simulator.invokeFunction(requestId, event, timeout);
            }
            List<Object> lines = new ArrayList<>();
            for (int i = 0; i < options.scriptedLines(); i++) {
                lines.add("line " + i + " of " + requestId);
            }
            return simulator.invoke(requestId, lines, timeout);
        }

        /** Read while the sandbox is thawed, as a debugger would look into a paused environment. */
        private String diagnostics(int port) {
            try {
                return simulator.whileThawed(() -> LocalReport.diagnostics(port));
            } catch (Exception e) {
                return "unavailable (" + e.getClass().getSimpleName() + ")";
            }
        }

        private void delivery(long emitted, List<String> problems) {
            OptionalLong delivered;
            try {
                delivered = openObserve.functionRecords();
            } catch (Exception e) {
                out.printf("function lines: %d emitted; the fake OpenObserve could not be asked (%s)%n", emitted,
                        e.getMessage());
                problems.add("the fake OpenObserve could not be asked");
                return;
            }
            if (delivered.isEmpty()) {
                out.printf("function lines: %d emitted; a real OpenObserve cannot be counted from here: search stream %s"
                        + " for type = 'function' in its UI%n", emitted, openObserve.stream());
                return;
            }
            out.printf("function lines: %d emitted, %d in OpenObserve (type=function records in stream %s)%n", emitted,
                    delivered.getAsLong(), openObserve.stream());
            if (delivered.getAsLong() != emitted) {
                problems.add((emitted - delivered.getAsLong()) + " function lines did not reach OpenObserve");
            }
            try {
                List<String> last = openObserve.lastRecords(3);
                out.println("last records in OpenObserve (GET " + openObserve.lastRecordsUrl(3) + "):");
                last.forEach(record -> out.println("  " + record));
            } catch (Exception e) {
                out.println("last records: unavailable (" + e.getMessage() + ")");
            }
        }
    }
}
