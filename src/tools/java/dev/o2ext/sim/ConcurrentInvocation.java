package dev.o2ext.sim;

import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * One invocation of a Lambda Managed Instances environment, where many run at once in the same
 * runtime: {@code platform.start} when it is created, then the function's lines as they are
 * printed, then {@code platform.report} at {@link #end()}. There is no INVOKE event and no
 * {@code platform.runtimeDone}, so the only link between a line and its request is the request id
 * in the line itself (the JSON log format). Each handle is used by one thread; many handles by
 * many threads at once.
 */
public final class ConcurrentInvocation {

    private final String requestId;
    private final TelemetryHub telemetry;
    private final PlatformRecords records;
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private boolean ended;

    ConcurrentInvocation(String requestId, TelemetryHub telemetry, PlatformRecords records) {
        this.requestId = requestId;
        this.telemetry = telemetry;
        this.records = records;
        telemetry.publish(TelemetryEvent.now("platform.start", records.start(requestId)));
    }

    public String requestId() {
        return requestId;
    }

    /** Prints one line: a string, or a map / JSON node for a JSON-format record. */
    public void line(Object line) {
        if (ended) {
            throw new IllegalStateException(requestId + " has ended");
        }
        telemetry.publish(TelemetryEvent.now("function", ScriptedRun.record(line)));
    }

    /** Ends the invocation successfully: its {@code platform.report}. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        ObjectNode report = records.report(requestId, "success", "", duration, start.plus(duration), Duration.ZERO, 1,
                Duration.ZERO);
        telemetry.publish(TelemetryEvent.now("platform.report", report));
    }
}
