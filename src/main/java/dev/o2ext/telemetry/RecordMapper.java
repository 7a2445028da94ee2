package dev.o2ext.telemetry;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import dev.o2ext.config.FunctionInfo;
import dev.o2ext.records.InvocationContext;
import dev.o2ext.records.RecordAssembler;
import dev.o2ext.records.SandboxContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serializes the structured records that {@link RecordAssembler} builds ({@code docs/fields.md})
 * into the JSON the buffer holds and OpenObserve stores: the tree, its closing brace replaced by
 * the sandbox's context serialized once ({@link RecordAssembler#closing}), into one array per
 * record. Thread-safe: serialization holds a lock on a reused buffer and the generator that writes
 * into it (the listener's thread, and now and then the lifecycle's, releasing a held line).
 */
public final class RecordMapper {

	private final JsonMapper mapper;

	private final RecordAssembler assembler;

	/** Where a record's tree is written before it is closed and copied out: one array per record. */
	private final Scratch scratch = new Scratch();

	/** The mapper's writer, with nothing written between one record and the next. */
	private final ObjectWriter writer;

	/**
	 * Writes every record into {@link #scratch}, one root value after another: a generator and its
	 * contexts for each record were as much as the record's own bytes to allocate. Guarded by
	 * {@link #scratch}; dropped after a failed write.
	 */
	private @Nullable JsonGenerator generator;

	public RecordMapper(JsonMapper mapper, RecordAssembler assembler) {
		this.mapper = mapper;
		this.assembler = assembler;
		this.writer = mapper.writer().withRootValueSeparator((String) null);
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
	 * it cannot be read. Lambda's own form ({@code 2026-07-28T19:02:01.105Z}, any number of
	 * fraction digits) is read directly — every event has one, and {@link Instant#parse} costs
	 * more than the rest of a line's parsing — anything else by {@link Instant#parse}.
	 */
	public static long epochMicros(@Nullable String time, long fallback) {
		if (time == null) {
			return fallback;
		}
		long micros = UtcTime.epochMicros(time);
		if (micros != UtcTime.NOT_READ) {
			return micros;
		}
		try {
			Instant instant = Instant.parse(time);
			return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			return fallback;
		}
	}

	/**
	 * Serializes a structured record of an invocation (or of none): the tree, closed with the
	 * sandbox's constant fields ({@link RecordAssembler#closing}).
	 */
	public byte[] toJson(ObjectNode record, @Nullable InvocationContext invocation) {
		byte[] closing = this.assembler.closing(invocation, this.mapper);
		synchronized (this.scratch) { // the listener's thread, and the lifecycle's releasing a held line
			this.scratch.reset();
			JsonGenerator out = this.generator;
			if (out == null) {
				out = this.writer.createGenerator(this.scratch);
				this.generator = out;
			}
			boolean written = false;
			try {
				this.writer.writeValue(out, record);
				out.flush();
				written = true;
			}
			finally {
				if (!written) {
					this.generator = null; // it stopped inside the record: the next one needs a fresh one
				}
			}
			return this.scratch.closedWith(closing);
		}
	}

	/** Serializes an event as it is, with the context: {@code record} exactly as received. */
	public byte[] toJson(long epochMicros, String type, JsonNode record, @Nullable String requestId) {
		return toJson(this.assembler.platform(epochMicros, type, record, requestId, null), null);
	}

	/** A reused buffer; a large record's growth is not kept. */
	private static final class Scratch extends ByteArrayOutputStream {

		private static final int SIZE = 4096;

		Scratch() {
			super(SIZE);
		}

		/** The object written, its closing brace replaced by {@code closing}. */
		byte[] closedWith(byte[] closing) {
			int open = this.count - 1;
			int skip = (this.count == 2 && closing.length > 1) ? 1 : 0; // {} has no field for the comma to follow
			byte[] json = Arrays.copyOf(this.buf, open + closing.length - skip);
			System.arraycopy(closing, skip, json, open, closing.length - skip);
			if (this.buf.length > 16 * SIZE) {
				this.buf = new byte[SIZE];
			}
			return json;
		}

	}

}
