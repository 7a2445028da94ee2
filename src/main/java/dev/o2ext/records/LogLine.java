package dev.o2ext.records;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A function or extension line on its way to a record.
 *
 * @param epochMicros its time, with the sub-millisecond offset of its place ({@link SubMillisecondOrder})
 * @param type {@code function} or {@code extension}
 * @param record the line as received (a joined stack trace: the lines' text, concatenated)
 * @param parsed what the line says about itself
 * @param requestId the request it belongs to (its own id, or attributed by time), or {@code null} (init)
 */
public record LogLine(long epochMicros, String type, JsonNode record, ParsedLine parsed, @Nullable String requestId) {
}
