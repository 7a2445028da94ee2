package dev.o2ext.records;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last stage before a record is serialized and offered to the buffer: it sees the structured
 * record (every field as it will be stored, {@code level} already normalised, but for the
 * sandbox's constant context from {@code function_name} on, which serialization appends as
 * bytes: {@link RecordAssembler#closing}) and may change it or drop it — filtering, sampling and
 * redaction belong here, so that what is dropped costs no memory and no egress. Called on the
 * listener's event loop or, for a joined stack trace closed by the lifecycle, on its thread; must
 * not block.
 */
@FunctionalInterface
public interface RecordStage {

	/** Keeps every record as it is. */
	RecordStage NONE = (record) -> record;

	/** The record to buffer (the same or another), or {@code null} to drop it (the stage counts why). */
	@Nullable ObjectNode apply(ObjectNode record);

}
