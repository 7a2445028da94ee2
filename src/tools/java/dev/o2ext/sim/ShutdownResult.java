package dev.o2ext.sim;

import java.util.List;

/**
 * The exits of all launched extension processes after a SHUTDOWN event.
 *
 * @param startNanos when the SHUTDOWN event was queued ({@link System#nanoTime()})
 */
public record ShutdownResult(String reason, long deadlineMs, long startNanos, List<ExtensionExit> exits) {

    /** The exit of the only launched process; fails when there were several or none. */
    public ExtensionExit single() {
        if (exits.size() != 1) {
            throw new IllegalStateException("expected one extension process, got " + exits.size());
        }
        return exits.get(0);
    }
}
