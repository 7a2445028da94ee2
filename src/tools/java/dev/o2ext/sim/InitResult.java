package dev.o2ext.sim;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How Init ended.
 *
 * @param error the init error or crash that ended Init, null when it succeeded or timed out
 * @param elapsed from the first process start (or the simulator start) to the end of Init
 */
public record InitResult(Status status, @Nullable ErrorReport error, Duration elapsed) {

    /** Outcome of Init. */
    public enum Status {
        /** Every expected extension registered and called next. */
        READY,
        /** An extension posted {@code /init/error}. */
        INIT_ERROR,
        /** An extension process exited during Init. */
        CRASHED,
        /** The wait ran out first. */
        TIMED_OUT
    }

    public boolean ready() {
        return status == Status.READY;
    }
}
