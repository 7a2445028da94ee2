package dev.o2ext.sim;

import org.jspecify.annotations.Nullable;

/**
 * One Telemetry API POST to a subscriber and how it answered.
 *
 * @param status the HTTP status, or -1 when the request failed (see {@code failure})
 */
public record TelemetryDelivery(
        String extensionName, long nanos, int items, int bytes, int status, @Nullable String failure) {

    public boolean accepted() {
        return status >= 200 && status < 300;
    }
}
