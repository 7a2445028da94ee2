package dev.o2ext.config;

import java.time.Duration;

/**
 * When the extension flushes and how long it may take.
 *
 * @param budget how long an invocation may be held after {@code platform.runtimeDone}
 * @param interval period of the flush during long invocations; zero turns it off. On Lambda Managed
 *        Instances the period of the continuous delivery (never zero there)
 * @param thresholdPercent share of the buffer bound that starts a flush during an invocation
 * @param shutdownMargin how long before the SHUTDOWN deadline the process has exited
 */
public record FlushSettings(Duration budget, Duration interval, int thresholdPercent, Duration shutdownMargin) {
}
