package dev.o2ext.telemetry;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.o2ext.config.FunctionInfo;
import dev.o2ext.records.RecordAssembler;
import dev.o2ext.records.SandboxContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serializes the structured records that {@link RecordAssembler} builds ({@code docs/fields.md})
 * into the JSON the buffer holds and OpenObserve stores. Thread-safe.
 */
public final class RecordMapper {

	private final JsonMapper mapper;

	private final RecordAssembler assembler;

	public RecordMapper(JsonMapper mapper, RecordAssembler assembler) {
		this.mapper = mapper;
		this.assembler = assembler;
	}

	/** A mapper for records that carry the function's fields only (the health check's test record). */
	public RecordMapper(JsonMapper mapper, FunctionInfo function) {
		this(mapper, new RecordAssembler(SandboxContext.of(function), true));
	}

	/** Builds the records. */
	public RecordAssembler assembler() {
		return this.assembler;
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

	/** Serializes a structured record. */
	public byte[] toJson(ObjectNode record) {
		return this.mapper.writeValueAsBytes(record);
	}

	/** Serializes an event as it is, with the context: {@code record} exactly as received. */
	public byte[] toJson(long epochMicros, String type, JsonNode record, @Nullable String requestId) {
		return toJson(this.assembler.platform(epochMicros, type, record, requestId, null));
	}

}
