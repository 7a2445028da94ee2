package dev.o2ext.sim;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** A function without a process: it prints the given lines and succeeds. */
final class ScriptedRun implements FunctionRun {

    private final List<?> lines;

    ScriptedRun(List<?> lines) {
        this.lines = List.copyOf(lines);
    }

    @Override
    public Outcome run(Invoker.Request request, long deadlineNanos, FunctionOutput output) {
        lines.forEach(line -> output.line(TelemetryEvent.now("function", record(line))));
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
