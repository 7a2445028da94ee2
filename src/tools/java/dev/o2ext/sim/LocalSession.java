package dev.o2ext.sim;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One run of {@link LocalLambda}: Init, the invocations, the diagnostics read before Shutdown,
 * Shutdown, and the summary's lines as each step ends. Runs on the caller's thread.
 */
record LocalSession(LocalLambdaOptions options, LambdaSimulator simulator, LocalOpenObserve openObserve,
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
        shutdown(problems);
        List<TelemetryDelivery> deliveries = simulator.deliveries();
        out.printf("telemetry: %d batches, %d events accepted, %d batches refused or failed%n", deliveries.size(),
                deliveries.stream().filter(TelemetryDelivery::accepted).mapToInt(TelemetryDelivery::items).sum(),
                deliveries.stream().filter(d -> !d.accepted()).count());
        ExtensionProcess function = simulator.functionProcess();
        long emitted = function == null ? emittedByScript : function.output().size();
        delivery(emitted, problems);
        reported(problems);
        spans();
        metrics();
        LocalReport.output(out, simulator.processes());
        List<ErrorReport> errors = simulator.errors();
        out.println(errors.isEmpty() ? "errors: none" : "errors: " + String.join("; ", errors.stream()
                .map(e -> e.errorType() + " from " + e.extensionName() + (e.body().isBlank() ? "" : ": " + e.body()))
                .toList()));
        if (!errors.isEmpty()) {
            problems.add("the platform saw errors");
        }
        out.println(problems.isEmpty() ? "result: OK" : "result: FAILED: " + String.join("; ", problems));
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * What the extension's own shutdown line says it delivered: the check that also holds against a
     * real OpenObserve, where refused batches (a wrong header: HTTP 401) and records left unsent
     * show up only there.
     */
    private void reported(List<String> problems) {
        List<String> lines = simulator.processes().stream().filter(p -> p != simulator.functionProcess())
                .flatMap(p -> p.output().stream()).map(OutputLine::text).toList();
        Optional<ShutdownLine> line = ShutdownLine.find(lines);
        if (line.isEmpty()) {
            if (options.layer() != null) { // our layer prints the line; an extension of --extension need not
                out.println("extension delivery: no shutdown line from the extension, so what it delivered is unknown");
                problems.add("the extension printed no shutdown line: delivery unknown");
            }
            return;
        }
        ShutdownLine summary = line.get();
        out.printf("extension delivery (its shutdown line): received %d, shipped %d, not delivered %d%s%s%s%n",
                summary.received(), summary.shipped(), summary.notDelivered(),
                summary.reasons().isEmpty() ? "" : " (" + summary.reasons() + ")",
                summary.unsent() + summary.inFlight() > 0
                        ? ", unsent or in flight at exit " + (summary.unsent() + summary.inFlight()) : "",
                summary.otlpNotDelivered() > 0
                        ? "; OpenTelemetry items not delivered " + summary.otlpNotDelivered() : "");
        summary.problem().ifPresent(problems::add);
    }

    private void shutdown(List<String> problems) throws InterruptedException {
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
        Optional<List<JsonNode>> delivered;
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
        List<JsonNode> records = delivered.get();
        long carried = records.stream().mapToLong(LocalSession::linesCarried).sum();
        out.printf("function lines: %d emitted, %d in OpenObserve (%d type=function records in stream %s; a stack trace"
                + " is one record)%n", emitted, carried, records.size(), openObserve.stream());
        if (carried != emitted) {
            problems.add((emitted - carried) + " function lines did not reach OpenObserve");
        }
        if (!records.isEmpty()) {
            int shown = Math.min(options.show(), records.size());
            out.printf("the last %d of them as OpenObserve stores them, all fields (POST /api/%s/_search; --show N for more):%n",
                    shown, openObserve.environment().get("O2_ORGANIZATION_ID"));
            records.subList(records.size() - shown, records.size()).forEach(record -> out.println("  " + record));
        }
    }

    /**
     * The lines a stored record holds: a joined stack trace holds several, and its original text in
     * {@code record} has one newline per line; an object (the JSON log format) is one line.
     */
    static long linesCarried(JsonNode record) {
        JsonNode text = record.path("record");
        return text.isString() ? Math.max(1, text.asString().chars().filter(c -> c == '\n').count()) : 1;
    }

    /** The spans the fake received: how many, and one line per span (service, name, trace id, status). */
    private void spans() {
        Optional<List<JsonNode>> spans = openObserve.spans();
        if (spans.isEmpty() || spans.get().isEmpty()) {
            return;
        }
        out.printf("traces: %d spans in OpenObserve (POST /api/%s/v1/traces)%n", spans.get().size(),
                openObserve.environment().get("O2_ORGANIZATION_ID"));
        spans.get().forEach(span -> out.printf("  %s: %s, trace %s, %d µs, status %s%n",
                span.path("service_name").asString(""), span.path("operation_name").asString(""),
                span.path("trace_id").asString(""), span.path("duration").asLong(), span.path("span_status").asString("")));
    }

    /** The metrics the fake received: one line per metric stream with its rows and its last value. */
    private void metrics() {
        Optional<Map<String, List<JsonNode>>> metrics = openObserve.metrics();
        if (metrics.isEmpty()) {
            return;
        }
        out.printf("metrics: %d streams in OpenObserve (POST /api/%s/v1/metrics)%n", metrics.get().size(),
                openObserve.environment().get("O2_ORGANIZATION_ID"));
        metrics.get().forEach((stream, rows) -> {
            JsonNode last = rows.get(rows.size() - 1);
            String reason = last.has("reason") ? " reason=" + last.path("reason").asString() : "";
            out.printf("  %s: %d points, last %s %s%s%n", stream, rows.size(), last.path("value").asString(),
                    last.path("unit").asString(""), reason);
        });
    }
}
