package dev.o2ext.sim;

import java.time.Duration;

/**
 * How one extension process ended at Shutdown.
 *
 * @param exitCode the exit status; 137 (SIGKILL) when the simulator killed it at the deadline
 * @param exitedBeforeDeadline whether it exited on its own before {@code deadlineMs}
 * @param elapsed from the SHUTDOWN event to the exit
 */
public record ExtensionExit(long pid, int exitCode, boolean exitedBeforeDeadline, Duration elapsed) {
}
