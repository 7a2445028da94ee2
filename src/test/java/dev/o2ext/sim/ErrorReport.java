package dev.o2ext.sim;

import org.jspecify.annotations.Nullable;

/**
 * An error the platform saw from an extension: a {@code /init/error} or {@code /exit/error} call,
 * or an exit outside Shutdown ({@link Kind#CRASH}, error type {@code Extension.Crash}).
 *
 * @param extensionName the registered name, or the command for a process that never registered
 * @param body the request body as sent (may be empty), or for a crash a description with the exit code
 * @param exitCode the exit code of a crash, otherwise null
 */
public record ErrorReport(
        Kind kind, String extensionName, String errorType, String body, @Nullable Integer exitCode, long nanos) {

    /** Where the error came from. */
    public enum Kind {
        INIT_ERROR, EXIT_ERROR, CRASH
    }
}
