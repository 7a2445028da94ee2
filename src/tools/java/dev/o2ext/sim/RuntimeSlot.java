package dev.o2ext.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The function's runtime as the Runtime API sees it: its pending invocations and its answers.
 * Counters and answers are guarded by the owning {@link PlatformState}'s monitor; the queue is
 * thread-safe on its own.
 */
final class RuntimeSlot {

    /** An invocation handed to the runtime's next call. */
    record Invocation(String requestId, long deadlineMs, String functionArn, String traceId, byte[] payload) {
    }

    /** The runtime's answer to one invocation. */
    record Answer(boolean error, String errorType, String body, long nanos) {
    }

    /** Put into the queue to release a blocked next call when the simulator closes. */
    static final Invocation CLOSED = new Invocation("", 0, "", "", new byte[0]);

    final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    /** Pending invocations map to null until the runtime answers. */
    final Map<String, @Nullable Answer> answers = new HashMap<>();
    int nextCalls;
}
