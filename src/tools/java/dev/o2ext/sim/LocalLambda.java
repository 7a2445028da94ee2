package dev.o2ext.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(LocalLambdaOptions.USAGE);
            return;
        }
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
                    : LocalReport.commandLine(options.function())));
            out.println("OpenObserve: " + openObserve.describe());
            return new LocalSession(options, simulator, openObserve, environment, out).run(extensions, diagnosticsPort);
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
     * user's {@code --env}, the OpenObserve's {@code O2_*}, free diagnostics and OTLP ports unless
     * configured (a developer's machine may run a collector on 4318), the log format, and the layer's {@code bin/} and {@code lib/} (Lambda's
     * {@code /opt/bin}, {@code /opt/lib}) when it has them.
     */
    static Map<String, String> environment(LocalLambdaOptions options, LocalOpenObserve openObserve) {
        Map<String, String> environment = new LinkedHashMap<>(options.environment());
        environment.putAll(openObserve.environment());
        environment.putIfAbsent("O2_DIAGNOSTICS_PORT", Integer.toString(freePort()));
        // the relay's port is read by the extension and by the otel-instrument wrapper alike
        environment.putIfAbsent("O2_OTLP_PORT", Integer.toString(freePort()));
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

    /** A port nothing listens on right now, on the loopback interface. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
