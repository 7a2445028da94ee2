package dev.o2ext.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Where the filter reads a record's level from. The default, {@link LambdaLevel}, reads the
 * level column of Lambda's text format and an object record's {@code level}; a parser of the
 * record may supply its own.
 */
@FunctionalInterface
public interface LevelSource {

	/** Never a level: nothing is filtered or sampled by level. */
	LevelSource NONE = (type, record) -> null;

	/**
	 * The record's level as written (any case), or null when it has none. Called on the
	 * listener's thread; must not block or throw.
	 */
	@Nullable String level(String type, JsonNode record);

}
