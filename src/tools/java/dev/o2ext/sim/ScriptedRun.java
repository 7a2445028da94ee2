package dev.o2ext.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * A function without a process: it prints the given lines and succeeds. A {@link Duration} among
 * them is a pause; a pause that reaches the invocation's deadline times the function out as Lambda
 * does (status {@code timeout}, error type {@code Sandbox.Timedout}, nothing printed after it). A
 * {@link FunctionFailure} ends it with status {@code error}.
 */
final class ScriptedRun implements FunctionRun {

    private final List<?> lines;

    ScriptedRun(List<?> lines) {
        this.lines = List.copyOf(lines);
    }

    @Override
    public Outcome run(Invoker.Request request, long deadlineNanos, FunctionOutput output) {
        for (Object line : lines) {
            if (line instanceof Duration pause) {
                // the function works a while before its next line, or until its deadline
                long left = deadlineNanos - System.nanoTime();
                try {
                    Thread.sleep(Duration.ofNanos(Math.max(0, Math.min(pause.toNanos(), left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.success("");
                }
                if (pause.toNanos() >= left) {
                    return Outcome.timedOut();
                }
                continue;
            }
            if (line instanceof FunctionFailure failure) {
                return new Outcome("error", failure.errorType(), "");
            }
            output.line(TelemetryEvent.now("function", record(line)));
        }
        return Outcome.success("");
    }

    /** A string gets its trailing newline as on Lambda; a map or JSON node becomes a JSON-format record. */
    static JsonNode record(Object line) {
        if (line instanceof JsonNode node) {
            return node;
        }
        if (line instanceof Map<?, ?> map) {
            return Json.MAPPER.valueToTree(map);
        }
        String text = line.toString();
        return StringNode.valueOf(text.endsWith("\n") ? text : text + "\n");
    }
}
