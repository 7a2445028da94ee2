package dev.o2ext.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Runs one invocation in the platform's order: thaw, {@code platform.start}, INVOKE to every
 * extension that registered for it, the function's lines, {@code platform.runtimeDone}, wait for
 * every extension's next call (bounded by the invocation's deadline), freeze, and only then queue
 * {@code platform.report}, so that it reaches the extension during the next invocation or Shutdown.
 * Called from the simulator's control thread, one invocation at a time.
 */
final class Invoker {

    private final PlatformState state;
    private final TelemetryHub telemetry;
    private final PlatformRecords records;
    private final Sandbox sandbox;
    private final SimulatorConfig config;
    private final List<InvocationResult> results = new ArrayList<>();
    private Duration pendingInitDuration;

    Invoker(PlatformState state, TelemetryHub telemetry, PlatformRecords records, Sandbox sandbox,
            SimulatorConfig config, Duration initDuration) {
        this.state = state;
        this.telemetry = telemetry;
        this.records = records;
        this.sandbox = sandbox;
        this.config = config;
        this.pendingInitDuration = initDuration;
    }

    synchronized InvocationResult invoke(String requestId, List<?> functionLines, Duration timeout)
            throws InterruptedException {
        sandbox.thaw();
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + timeout.toNanos();
        Instant start = Instant.now();
        telemetry.publish(TelemetryEvent.now("platform.start", records.start(requestId)));

        byte[] event = Json.MAPPER.writeValueAsBytes(invokeEvent(requestId, start.plus(timeout)));
        Map<RegisteredExtension, Integer> targets = new LinkedHashMap<>();
        for (RegisteredExtension extension : state.extensions()) {
            if (extension.wants("INVOKE")) {
                targets.put(extension, state.queued(extension, event));
            }
        }
        state.await(s -> targets.entrySet().stream().allMatch(t -> t.getKey().dispatched >= t.getValue()), deadlineNanos);

        List<TelemetryEvent> functionEvents = new ArrayList<>();
        long producedBytes = 0;
        for (Object line : functionLines) {
            TelemetryEvent emitted = TelemetryEvent.now("function", functionRecord(line));
            telemetry.publish(emitted);
            functionEvents.add(emitted);
            producedBytes += emitted.record().toString().length();
        }
        Duration runtime = Duration.ofNanos(System.nanoTime() - startNanos);
        Instant runtimeDone = Instant.now();
        long runtimeDoneNanos = System.nanoTime();
        telemetry.publish(TelemetryEvent.now("platform.runtimeDone",
                records.runtimeDone(requestId, start, runtime, producedBytes)));

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
        ObjectNode report = records.report(requestId, completed ? "success" : "timeout", runtime, runtimeDone,
                postRuntime, maxMemoryUsedMb(), pendingInitDuration);
        pendingInitDuration = Duration.ZERO;
        telemetry.publish(TelemetryEvent.now("platform.report", report));

        InvocationResult result = new InvocationResult(requestId, completed, startNanos, runtimeDoneNanos, lastNext,
                postRuntime, Map.copyOf(nextNanos), List.copyOf(functionEvents));
        results.add(result);
        return result;
    }

    synchronized List<InvocationResult> results() {
        return List.copyOf(results);
    }

    private ObjectNode invokeEvent(String requestId, Instant deadline) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("eventType", "INVOKE");
        event.put("deadlineMs", deadline.toEpochMilli());
        event.put("requestId", requestId);
        event.put("invokedFunctionArn", config.functionArn());
        ObjectNode tracing = event.putObject("tracing");
        tracing.put("type", "X-Amzn-Trace-Id");
        tracing.put("value", traceId());
        return event;
    }

    /** A string gets its trailing newline as on Lambda; a map or JSON node becomes a JSON-format record. */
    private static JsonNode functionRecord(Object line) {
        if (line instanceof JsonNode node) {
            return node;
        }
        if (line instanceof Map<?, ?> map) {
            return Json.MAPPER.valueToTree(map);
        }
        String text = line.toString();
        return StringNode.valueOf(text.endsWith("\n") ? text : text + "\n");
    }

    private int maxMemoryUsedMb() {
        long kib = sandbox.processes().stream().mapToLong(p -> p.peakRssKib().orElse(0)).sum();
        return (int) Math.max(1, Math.min(config.memorySizeMb(), kib / 1024));
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x;Parent=%016x;Sampled=1", System.currentTimeMillis() / 1000,
                random.nextLong(1L << 48), random.nextLong(1L << 48), random.nextLong());
    }
}
