package dev.o2ext.sim;

import java.net.URI;
import java.util.Set;

/**
 * A validated Telemetry API subscription of one extension.
 *
 * @param destination where batches are POSTed, with {@code sandbox}/{@code sandbox.localdomain}
 *     already mapped to 127.0.0.1
 */
public record TelemetrySubscription(
        String extensionName, String schemaVersion, Set<String> types, Buffering buffering, URI destination) {

    /** Before 2022-12-13 the platform sends function and extension records as strings only. */
    boolean objectRecordsAllowed() {
        return !"2022-07-01".equals(schemaVersion);
    }
}
