package dev.o2ext.fakeo2;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A record the fake accepted.
 *
 * @param stream the normalised stream name
 * @param record the object exactly as sent
 * @param timestampMicros {@code _timestamp} resolved to epoch microseconds (arrival time when absent)
 * @param arrivalNanos {@link System#nanoTime()} when its request arrived
 */
public record StoredRecord(String organization, String stream, JsonNode record, long timestampMicros,
        Instant arrival, long arrivalNanos) {
}
