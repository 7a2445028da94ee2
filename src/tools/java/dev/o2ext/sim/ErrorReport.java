package dev.o2ext.sim;

import org.jspecify.annotations.Nullable;

/**
 * An error the platform saw: an extension's {@code /init/error} or {@code /exit/error} call, an exit
 * outside Shutdown ({@link Kind#CRASH}: {@code Extension.Crash}, or {@code Runtime.ExitError} for
 * the function process), or the runtime's {@code /runtime/init/error}.
 *
 * @param extensionName the registered name, the command of a process, or {@code runtime}
 * @param body the request body as sent (may be empty), or for a crash a description with the exit code
 * @param exitCode the exit code of a crash, otherwise null
 */
public record ErrorReport(
        Kind kind, String extensionName, String errorType, String body, @Nullable Integer exitCode, long nanos) {

    /** Where the error came from. */
    public enum Kind {
        INIT_ERROR, EXIT_ERROR, CRASH, RUNTIME_INIT_ERROR
    }
}
