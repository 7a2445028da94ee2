package dev.o2ext.sim;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Turns the processes' output lines into telemetry, as Lambda captures stdout and stderr: an
 * extension's lines become {@code extension} records (and are echoed when configured), the
 * function's become {@code function} records, with the JSON log format turning a JSON-object line
 * into the object. Called from the processes' output pumps.
 */
final class OutputRouting {

    private final SimulatorConfig config;
    private final TelemetryHub telemetry;
    private volatile @Nullable Invoker invoker;

    OutputRouting(SimulatorConfig config, TelemetryHub telemetry) {
        this.config = config;
        this.telemetry = telemetry;
    }

    /** From now on function lines also count towards the invocation in progress. */
    void invocationsBegin(Invoker current) {
        invoker = current;
    }

    void extension(OutputLine line) {
        String prefix = config.echoPrefix();
        if (prefix != null) {
            System.out.println(prefix + line.text());
        }
        telemetry.publish(TelemetryEvent.now("extension", StringNode.valueOf(line.text() + "\n")));
    }

    void function(OutputLine line) {
        TelemetryEvent event = TelemetryEvent.now("function", functionRecord(line.text()));
        Invoker current = invoker;
        if (current != null) {
            current.functionOutput(event);
        } else {
            telemetry.publish(event);
        }
    }

    private JsonNode functionRecord(String line) {
        if (config.jsonLogFormat() && line.startsWith("{")) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(line);
                if (parsed.isObject()) {
                    return parsed;
                }
            } catch (JacksonException notJson) {
                // A line that only looks like JSON stays a string.
            }
        }
        return StringNode.valueOf(line + "\n");
    }
}
