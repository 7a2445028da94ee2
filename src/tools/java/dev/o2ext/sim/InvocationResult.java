package dev.o2ext.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the platform observed during one invocation; all instants are {@link System#nanoTime()}.
 *
 * @param completed whether every extension called next again before the invocation's deadline
 * @param startNanos when {@code platform.start} was queued
 * @param runtimeDoneNanos when {@code platform.runtimeDone} was queued
 * @param nextCalledNanos when the last extension called next (or when the wait gave up)
 * @param postRuntime from runtimeDone to the last next call: the post-runtime extension duration
 * @param nextNanosByExtension the next call of each extension
 * @param functionEvents the {@code function} events emitted, in order
 * @param runtimeStatus {@code success}, {@code error} (the runtime posted an error) or {@code timeout}
 * @param response what the function process answered; empty for scripted lines
 */
public record InvocationResult(
        String requestId,
        boolean completed,
        long startNanos,
        long runtimeDoneNanos,
        long nextCalledNanos,
        Duration postRuntime,
        Map<String, Long> nextNanosByExtension,
        List<TelemetryEvent> functionEvents,
        String runtimeStatus,
        String response) {
}
