package dev.o2ext.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lambda's Shutdown: SHUTDOWN with {@code deadlineMs} to every extension that registered for it,
 * SIGTERM to the function process, then wait for each process until the deadline and SIGKILL
 * whatever is still alive. Runs on the simulator's control thread.
 */
final class ShutdownSequence {

    /** How long a SIGKILLed process may take to be reaped before the simulator stops waiting. */
    private static final Duration REAP_WAIT = Duration.ofSeconds(10);

    private final PlatformState state;
    private final Sandbox sandbox;

    ShutdownSequence(PlatformState state, Sandbox sandbox) {
        this.state = state;
        this.sandbox = sandbox;
    }

    ShutdownResult run(String reason, Duration deadline) throws InterruptedException {
        sandbox.thaw();
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + deadline.toNanos();
        long deadlineMs = System.currentTimeMillis() + deadline.toMillis();
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("eventType", "SHUTDOWN");
        event.put("deadlineMs", deadlineMs);
        event.put("shutdownReason", reason);
        byte[] bytes = Json.MAPPER.writeValueAsBytes(event);
        state.extensions().stream().filter(e -> e.wants("SHUTDOWN")).forEach(e -> state.queued(e, bytes));
        ExtensionProcess function = sandbox.function();
        if (function != null) {
            function.terminate();
        }

        List<ExtensionExit> exits = new ArrayList<>();
        for (ExtensionProcess process : sandbox.processes()) {
            boolean exited = process.awaitExit(deadlineNanos);
            if (!exited) {
                process.kill();
                process.awaitExit(System.nanoTime() + REAP_WAIT.toNanos());
            }
            long end = process.exitNanos() != 0 ? process.exitNanos() : System.nanoTime();
            exits.add(new ExtensionExit(process.pid(), (int) process.exitCode().orElse(-1),
                    exited && end <= deadlineNanos, Duration.ofNanos(end - startNanos)));
        }
        if (function != null && !function.awaitExit(deadlineNanos)) {
            function.kill();
        }
        return new ShutdownResult(reason, deadlineMs, startNanos, List.copyOf(exits));
    }
}
