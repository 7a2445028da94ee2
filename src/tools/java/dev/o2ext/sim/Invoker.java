package dev.o2ext.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one invocation in the platform's order: thaw, {@code platform.start}, INVOKE to every
 * extension that registered for it, the function's run ({@link FunctionRun}),
 * {@code platform.runtimeDone}, wait for every extension's next call (bounded by the invocation's
 * deadline), freeze, and only then queue {@code platform.report}, so that it reaches the extension
 * during the next invocation or Shutdown. Called from the simulator's control thread, one
 * invocation at a time; {@link #functionOutput} and {@link #results} may be called from any thread.
 */
final class Invoker {

    /** What the function and the runtime are told about the invocation. */
    record Request(String requestId, Instant deadline, String functionArn, String traceId) {
    }

    private final PlatformState state;
    private final TelemetryHub telemetry;
    private final PlatformRecords records;
    private final Sandbox sandbox;
    private final SimulatorConfig config;
    private final List<InvocationResult> results = new CopyOnWriteArrayList<>();
    private final Object collectingLock = new Object();
    private Duration pendingInitDuration;
    private @Nullable List<TelemetryEvent> collecting;

    Invoker(PlatformState state, TelemetryHub telemetry, PlatformRecords records, Sandbox sandbox,
            SimulatorConfig config, Duration initDuration) {
        this.state = state;
        this.telemetry = telemetry;
        this.records = records;
        this.sandbox = sandbox;
        this.config = config;
        this.pendingInitDuration = initDuration;
    }

    synchronized InvocationResult invoke(String requestId, FunctionRun function, Duration timeout)
            throws InterruptedException {
        sandbox.thaw();
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + timeout.toNanos();
        Instant start = Instant.now();
        Request request = new Request(requestId, start.plus(timeout), config.functionArn(), traceId());
        telemetry.publish(TelemetryEvent.now("platform.start", records.start(requestId)));

        byte[] event = Json.MAPPER.writeValueAsBytes(invokeEvent(request));
        Map<RegisteredExtension, Integer> targets = new LinkedHashMap<>();
        for (RegisteredExtension extension : state.extensions()) {
            if (extension.wants("INVOKE")) {
                targets.put(extension, state.queued(extension, event));
            }
        }
        state.await(s -> targets.entrySet().stream().allMatch(t -> t.getKey().dispatched >= t.getValue()), deadlineNanos);

        List<TelemetryEvent> functionEvents = startCollecting();
        FunctionRun.Outcome outcome = function.run(request, deadlineNanos, this::functionOutput);
        List<TelemetryEvent> emitted = stopCollecting(functionEvents);
        long producedBytes = emitted.stream().mapToLong(e -> e.record().toString().length()).sum();
        Duration runtime = Duration.ofNanos(System.nanoTime() - startNanos);
        Instant runtimeDone = Instant.now();
        long runtimeDoneNanos = System.nanoTime();
        telemetry.publish(TelemetryEvent.now("platform.runtimeDone",
                records.runtimeDone(requestId, outcome.status(), outcome.errorType(), start, runtime, producedBytes)));

        boolean completed = state.await(
                s -> targets.entrySet().stream().allMatch(t -> t.getKey().nextCalls > t.getValue()), deadlineNanos);
        Map<String, Long> nextNanos = new HashMap<>();
        synchronized (state) {
            targets.keySet().forEach(e -> nextNanos.put(e.name, e.nextCalls > targets.get(e) ? e.lastNextNanos : 0L));
        }
        long lastNext = completed
                ? nextNanos.values().stream().mapToLong(Long::longValue).max().orElse(runtimeDoneNanos)
                : System.nanoTime();
        Duration postRuntime = Duration.ofNanos(Math.max(0, lastNext - runtimeDoneNanos));
        if (completed) {
            sandbox.freeze();
        }
        // an extension still busy at the deadline times the invocation out as well
        FunctionRun.Outcome reported = completed ? outcome : FunctionRun.Outcome.timedOut();
        ObjectNode report = records.report(requestId, reported.status(), reported.errorType(), runtime, runtimeDone,
                postRuntime, maxMemoryUsedMb(), pendingInitDuration);
        pendingInitDuration = Duration.ZERO;
        telemetry.publish(TelemetryEvent.now("platform.report", report));

        InvocationResult result = new InvocationResult(requestId, completed, startNanos, runtimeDoneNanos, lastNext,
                postRuntime, Map.copyOf(nextNanos), emitted, outcome.status(), outcome.response());
        results.add(result);
        return result;
    }

    /** Publishes a line of the function and, during an invocation, adds it to the invocation's result. */
    void functionOutput(TelemetryEvent event) {
        synchronized (collectingLock) {
            if (collecting != null) {
                collecting.add(event);
            }
        }
        telemetry.publish(event);
    }

    List<InvocationResult> results() {
        return List.copyOf(results);
    }

    private List<TelemetryEvent> startCollecting() {
        synchronized (collectingLock) {
            List<TelemetryEvent> events = new ArrayList<>();
            collecting = events;
            return events;
        }
    }

    private List<TelemetryEvent> stopCollecting(List<TelemetryEvent> events) {
        synchronized (collectingLock) {
            collecting = null;
            return List.copyOf(events);
        }
    }

    private ObjectNode invokeEvent(Request request) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("eventType", "INVOKE");
        event.put("deadlineMs", request.deadline().toEpochMilli());
        event.put("requestId", request.requestId());
        event.put("invokedFunctionArn", request.functionArn());
        ObjectNode tracing = event.putObject("tracing");
        tracing.put("type", "X-Amzn-Trace-Id");
        tracing.put("value", request.traceId());
        return event;
    }

    private int maxMemoryUsedMb() {
        long kib = sandbox.allProcesses().stream().mapToLong(p -> p.peakRssKib().orElse(0)).sum();
        return (int) Math.max(1, Math.min(config.memorySizeMb(), kib / 1024));
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x;Parent=%016x;Sampled=1", System.currentTimeMillis() / 1000,
                random.nextLong(1L << 48), random.nextLong(1L << 48), random.nextLong());
    }
}
