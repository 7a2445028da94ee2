package dev.o2ext.sim;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs extensions (and optionally a function runtime) under the {@link LambdaSimulator} for a few
 * invocations and prints what the platform saw: Init, each invocation's post-runtime time,
 * the shutdown exits, telemetry deliveries and errors. The extensions' output is echoed with a
 * prefix. See {@link LocalLambdaOptions#USAGE} for the arguments.
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
        System.exit(run(options, System.out));
    }

    /** Runs the session; returns 0 when everything the platform expects happened, 1 otherwise. */
    static int run(LocalLambdaOptions options, PrintStream out) throws InterruptedException {
        try (LambdaSimulator simulator = LambdaSimulator.builder().freezing(options.freezing())
                .jsonLogFormat(options.jsonLogFormat()).echoOutput("  | ").start()) {
            options.extensions().forEach(command -> simulator.launchExtension(command, options.environment()));
            List<String> function = options.function();
            if (function != null) {
                simulator.launchFunction(function, options.environment());
            }
            InitResult init = simulator.awaitInit(LambdaSimulator.INIT_BUDGET);
            out.printf("init: %s in %d ms%s%n", init.status(), init.elapsed().toMillis(),
                    init.error() == null ? "" : " (" + init.error().errorType() + ": " + init.error().body() + ")");
            boolean ok = init.ready();
            for (int i = 1; ok && i <= options.invocations(); i++) {
                InvocationResult result = invoke(simulator, options, "local-" + i);
                out.printf("invocation %s: %s, runtime %s, post-runtime %d ms, %d function lines%n", result.requestId(),
                        result.completed() ? "completed" : "NOT completed", result.runtimeStatus(),
                        result.postRuntime().toMillis(), result.functionEvents().size());
                ok = result.completed();
            }
            ShutdownResult shutdown = simulator.shutdown("spindown", options.shutdownDeadline());
            for (ExtensionExit exit : shutdown.exits()) {
                out.printf("shutdown: pid %d exit %d after %d ms (%s the deadline)%n", exit.pid(), exit.exitCode(),
                        exit.elapsed().toMillis(), exit.exitedBeforeDeadline() ? "before" : "NOT before");
                ok &= exit.exitedBeforeDeadline();
            }
            List<TelemetryDelivery> deliveries = simulator.deliveries();
            out.printf("telemetry: %d batches, %d events accepted, %d batches refused or failed%n", deliveries.size(),
                    deliveries.stream().filter(TelemetryDelivery::accepted).mapToInt(TelemetryDelivery::items).sum(),
                    deliveries.stream().filter(d -> !d.accepted()).count());
            List<ErrorReport> errors = simulator.errors();
            out.println(errors.isEmpty() ? "errors: none" : "errors: " + errors);
            return ok && errors.isEmpty() ? 0 : 1;
        }
    }

    private static InvocationResult invoke(LambdaSimulator simulator, LocalLambdaOptions options, String requestId)
            throws InterruptedException {
        Duration timeout = options.functionTimeout();
        if (options.function() != null) {
            return simulator.invokeFunction(requestId, "{\"requestId\":\"" + requestId + "\"}", timeout);
        }
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < options.linesPerInvocation(); i++) {
            lines.add("line " + i + " of " + requestId);
        }
        return simulator.invoke(requestId, lines, timeout);
    }
}
