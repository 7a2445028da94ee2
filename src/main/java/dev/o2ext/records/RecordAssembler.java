package dev.o2ext.records;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the structured record that is stored ({@code docs/fields.md}):
 * <pre>{"_timestamp":µs,"type":…,"level":…,"message":…,&lt;the line's fields&gt;,"record":…,
 *  "requestId":…,"trace_id":…,"span_id":…,"xray_trace_id":…,"phase":…,"faas_coldstart":…,
 *  "function_name":…,"function_version":…,"function_qualifier":…,"region":…,"cloud_account_id":…,
 *  "faas_max_memory":…,"host_arch":…,"aws_lambda_runtime_version":…,"aws_lambda_initialization_type":…,
 *  "faas_instance":…}</pre>
 * Absent values are left out. {@code record} is the line as received when it was text and
 * {@code keepOriginal} is set (without it, {@code message} holds the text); an object received as an object
 * is not repeated, its fields are the record. Platform events keep their object in {@code record}.
 * Ids the line carries win over the invocation's.
 *
 * <p>The tree that {@link #line} and {@link #platform} build ends at {@code faas_coldstart}: the
 * fields from {@code function_name} on are the same for every record of the sandbox (and of an
 * invocation's qualifier), so they are serialized once, when they change, and appended to each
 * serialized record as bytes ({@link #closing}) instead of being added to every tree — what one
 * record costs to build and write is its own fields. They are context: no stage redacts or
 * filters by them, and no line's field takes their names ({@link Columns#RESERVED}). Thread-safe.
 */
public final class RecordAssembler {

	private final SandboxContext sandbox;

	private final boolean keepOriginal;

	/** The closing bytes last serialized, with what they were serialized from. */
	private volatile @Nullable Closing closing;

	public RecordAssembler(SandboxContext sandbox, boolean keepOriginal) {
		this.sandbox = sandbox;
		this.keepOriginal = keepOriginal;
	}

	/** The sandbox's context, which platform events teach. */
	public SandboxContext sandbox() {
		return this.sandbox;
	}

	/**
	 * The record of a function or extension line.
	 * @param invocation the invocation it belongs to, or {@code null}
	 * @param phase {@code init} or {@code invoke}, or {@code null} where it cannot be told (Managed Instances)
	 */
	public ObjectNode line(LogLine line, @Nullable InvocationContext invocation, @Nullable String phase) {
		ParsedLine parsed = line.parsed();
		ObjectNode node = start(line.epochMicros(), line.type());
		SandboxContext.put(node, "level", parsed.level());
		SandboxContext.put(node, "message", parsed.message());
		ObjectNode fields = parsed.fields();
		if (fields != null) {
			node.setAll(fields);
		}
		if (!parsed.object() && (this.keepOriginal || !line.record().isString())) {
			node.set("record", line.record());
		}
		context(node, line.requestId(), invocation, parsed.traceId(), parsed.spanId(), phase);
		return node;
	}

	/** The record of a platform event: its object as received in {@code record}, with the context. */
	public ObjectNode platform(long epochMicros, String type, JsonNode record, @Nullable String requestId,
			@Nullable InvocationContext invocation) {
		ObjectNode node = start(epochMicros, type);
		node.set("record", record);
		context(node, requestId, invocation, null, null, null);
		return node;
	}

	private static ObjectNode start(long epochMicros, String type) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("_timestamp", epochMicros);
		node.put("type", type);
		return node;
	}

	private void context(ObjectNode node, @Nullable String requestId, @Nullable InvocationContext invocation,
			@Nullable String ownTraceId, @Nullable String ownSpanId, @Nullable String phase) {
		SandboxContext.put(node, "requestId", requestId);
		if (ownTraceId != null) {
			node.put("trace_id", ownTraceId);
			SandboxContext.put(node, "span_id", ownSpanId);
		}
		else {
			SandboxContext.put(node, "span_id", ownSpanId);
			if (invocation != null && invocation.traceId() != null) {
				node.put("trace_id", invocation.traceId());
				node.put("xray_trace_id", invocation.xrayTraceId());
			}
		}
		SandboxContext.put(node, "phase", phase);
		if (invocation != null) {
			node.put("faas_coldstart", invocation.coldStart());
		}
	}

	/**
	 * What closes a serialized record of the invocation: {@code ,"function_name":…,"function_version":…,
	 * "function_qualifier":…,"region":…,…,"faas_instance":…&#125;} as {@code mapper} writes it (just
	 * {@code &#125;} when there is none of it). Serialized again only when the sandbox's context or the
	 * qualifier changes; the caller replaces the record's last byte, its {@code &#125;}, with it.
	 */
	public byte[] closing(@Nullable InvocationContext invocation, JsonMapper mapper) {
		String qualifier = (invocation != null) ? invocation.qualifier() : null;
		int version = this.sandbox.version();
		Closing last = this.closing;
		if (last != null && last.version() == version && last.mapper() == mapper
				&& Objects.equals(last.qualifier(), qualifier)) {
			return last.bytes();
		}
		ObjectNode fields = JsonNodeFactory.instance.objectNode();
		this.sandbox.writeFunction(fields);
		SandboxContext.put(fields, "function_qualifier", qualifier);
		this.sandbox.writeSandbox(fields);
		byte[] object = mapper.writeValueAsBytes(fields);
		byte[] bytes = object;
		if (object.length > 2) {
			bytes[0] = (byte) ','; // {"function_name":…} → ,"function_name":…}
		}
		else {
			bytes = new byte[] { '}' };
		}
		this.closing = new Closing(version, qualifier, mapper, bytes);
		return bytes;
	}

	private record Closing(int version, @Nullable String qualifier, JsonMapper mapper, byte[] bytes) {
	}

}
