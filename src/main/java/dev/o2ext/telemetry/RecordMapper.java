package dev.o2ext.telemetry;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.o2ext.config.FunctionInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one Telemetry API event into the serialized OpenObserve record:
 * <pre>{"_timestamp":µs,"type":…,"record":…,"requestId":…,"function_name":…,"function_version":…,"region":…}</pre>
 * {@code record} is written exactly as received (a string keeps its trailing newline; an object
 * stays an object). Thread-safe.
 */
public final class RecordMapper {

	private final JsonMapper mapper;

	private final FunctionInfo function;

	public RecordMapper(JsonMapper mapper, FunctionInfo function) {
		this.mapper = mapper;
		this.function = function;
	}

	/**
	 * Epoch microseconds of a Telemetry API {@code time} (ISO-8601 UTC), or {@code fallback} when
	 * it cannot be read.
	 */
	public static long epochMicros(@Nullable String time, long fallback) {
		if (time == null) {
			return fallback;
		}
		try {
			Instant instant = Instant.parse(time);
			return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			return fallback;
		}
	}

	/** The request id an event names itself: {@code requestId}, or the Java runtime's {@code AWSRequestId}. */
	public static @Nullable String ownRequestId(JsonNode record) {
		if (!record.isObject()) {
			return null;
		}
		JsonNode id = record.get("requestId");
		if (id == null || !id.isString()) {
			id = record.get("AWSRequestId");
		}
		return (id != null && id.isString() && !id.stringValue().isEmpty()) ? id.stringValue() : null;
	}

	/** Serializes the record. */
	public byte[] toJson(long epochMicros, String type, JsonNode record, @Nullable String requestId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(128 + (record.isString() ? record.stringValue().length() : 256));
		try (JsonGenerator gen = this.mapper.createGenerator(out)) {
			gen.writeStartObject();
			gen.writeName("_timestamp");
			gen.writeNumber(epochMicros);
			gen.writeName("type");
			gen.writeString(type);
			gen.writeName("record");
			gen.writeTree(record);
			if (requestId != null) {
				gen.writeName("requestId");
				gen.writeString(requestId);
			}
			field(gen, "function_name", this.function.name());
			field(gen, "function_version", this.function.version());
			field(gen, "region", this.function.region());
			gen.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void field(JsonGenerator gen, String name, String value) {
		if (!value.isEmpty()) {
			gen.writeName(name);
			gen.writeString(value);
		}
	}

}
