package dev.o2ext.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The level of a structured record as the ingest builds it: its parsed {@code level} field, or,
 * where parsing is switched off, the level {@link LambdaLevel} reads from the line as received
 * (the record's {@code record} field). Thread-safe.
 */
public final class StructuredLevel implements LevelSource {

	private final LambdaLevel received = new LambdaLevel();

	@Override
	public @Nullable String level(String type, JsonNode record) {
		JsonNode level = record.get("level");
		if (level != null && level.isString()) {
			return level.stringValue();
		}
		return this.received.level(type, record.path("record"));
	}

}
