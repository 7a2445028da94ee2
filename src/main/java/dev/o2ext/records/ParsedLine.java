package dev.o2ext.records;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a function or extension line says about itself.
 *
 * @param level the level, upper case, or {@code null}
 * @param message the message: the text after Lambda's prefix, the {@code message}/{@code msg} of a
 * JSON object, or the whole line without its newline; {@code null} for a JSON object without one
 * (its fields hold everything, and {@code record} its text when it was text)
 * @param fields the line's other JSON fields, flattened and named as OpenObserve stores them, or {@code null}
 * @param requestId the request id the line names ({@code requestId}, {@code AWSRequestId}, the prefix's)
 * @param traceId the line's own trace id in W3C form ({@code trace_id}/{@code traceId}), or {@code null}
 * @param spanId the line's own span id ({@code span_id}/{@code spanId}), or {@code null}
 * @param object whether the line arrived as a JSON object (the JSON log format): its fields are the
 * record, it is not repeated in {@code record}
 * @param json whether the line was a JSON object (received as one or printed as text) and parsed
 */
public record ParsedLine(@Nullable String level, @Nullable String message, @Nullable ObjectNode fields,
		@Nullable String requestId, @Nullable String traceId, @Nullable String spanId, boolean object, boolean json) {

	/** The same line with another message and level (a stack trace joined to it). */
	ParsedLine joined(String joinedMessage, @Nullable String joinedLevel) {
		return new ParsedLine(joinedLevel, joinedMessage, this.fields, this.requestId, this.traceId, this.spanId,
				this.object, this.json);
	}

}
