package dev.o2ext.sim;

import java.nio.charset.StandardCharsets;

/**
 * A function process answers: the invocation goes to its Runtime API next call, and the run ends
 * when it posts a response or an error, or at the deadline ({@code timeout}). Its output reaches
 * the telemetry through its output pump; the run waits (briefly) until the pump has handed on
 * everything written before the answer, because runtimeDone must follow the function's output.
 */
final class ProcessRun implements FunctionRun {

    private static final long DRAIN_WAIT_NANOS = 1_000_000_000L;

    private final PlatformState state;
    private final ExtensionProcess function;
    private final String payload;

    ProcessRun(PlatformState state, ExtensionProcess function, String payload) {
        this.state = state;
        this.function = function;
        this.payload = payload;
    }

    @Override
    public Outcome run(Invoker.Request request, long deadlineNanos, FunctionOutput output) throws InterruptedException {
        state.queueRuntime(new RuntimeSlot.Invocation(request.requestId(), request.deadline().toEpochMilli(),
                request.functionArn(), request.traceId(), payload.getBytes(StandardCharsets.UTF_8)));
        state.await(s -> s.runtimeAnswer(request.requestId()) != null, deadlineNanos);
        RuntimeSlot.Answer answer = state.runtimeAnswer(request.requestId());
        function.awaitOutputDrained(Math.min(deadlineNanos, System.nanoTime() + DRAIN_WAIT_NANOS));
        if (answer == null) {
            return Outcome.timedOut();
        }
        return answer.error() ? new Outcome("error", answer.errorType(), answer.body()) : Outcome.success(answer.body());
    }
}
