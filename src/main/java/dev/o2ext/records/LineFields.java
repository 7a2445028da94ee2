package dev.o2ext.records;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The columns one JSON line makes, flattened as OpenObserve flattens ({@code _} between levels,
 * up to depth {@value #FLATTEN_DEPTH}, deeper objects and arrays as JSON text, nulls dropped),
 * each name used once: nothing a line says is overwritten, by us or by the line itself.
 *
 * <p>A name that is taken — one of our columns ({@link Columns#RESERVED}, also when flattening
 * makes it: {@code {"function":{"name":…}}}), or a column an earlier field of the line made
 * ({@code User} and {@code user}) — gets {@code log_} in front; when that is taken too, a number:
 * {@code log_<name>_2}, {@code _3}, …. The numbers go on from the last one given, so a line of
 * thousands of clashing keys costs no more than one without. The caller adds the line's own
 * names first and the keys it renamed because they are ours ({@code type} → {@code log_type})
 * last, so a real {@code log_type} keeps its name whatever the order of the line's keys.
 *
 * <p>At most {@value #MAX_FIELDS} columns; the rest go together into {@link Columns#MORE} as JSON
 * text. One instance per line; not thread-safe.
 */
final class LineFields {

	/** OpenObserve flattens objects up to this depth; deeper ones are stored as JSON text. */
	static final int FLATTEN_DEPTH = 3;

	/**
	 * Most columns one line makes; the rest go into {@code log_more} as JSON text. OpenObserve stores
	 * at most 1000 distinct columns per batch and silently drops a batch that has more.
	 */
	static final int MAX_FIELDS = 100;

	private final JsonMapper json;

	private final ObjectNode fields = JsonNodeFactory.instance.objectNode();

	private final ObjectNode more = JsonNodeFactory.instance.objectNode();

	/** The next number to try after {@code log_<name>}, by that name; only once a name clashed twice. */
	private @Nullable Map<String, Integer> numbers;

	/** @param json writes containers and {@code log_more} as JSON text */
	LineFields(JsonMapper json) {
		this.json = json;
	}

	/** A field of the line under its column, flattened. */
	void add(String column, JsonNode value) {
		flatten(column, value, 1);
	}

	/** Whether keys beyond {@value #MAX_FIELDS} columns went into {@code log_more}. */
	boolean capped() {
		return !this.more.isEmpty();
	}

	/** The columns, {@code log_more} last, or {@code null} when the line made none. */
	@Nullable ObjectNode columns() {
		if (!this.more.isEmpty()) {
			this.fields.put(Columns.MORE, this.json.writeValueAsString(this.more));
			this.more.removeAll();
		}
		return this.fields.isEmpty() ? null : this.fields;
	}

	private void flatten(String column, JsonNode value, int depth) {
		if (value.isNull() || value.isMissingNode()) {
			return;
		}
		if (this.fields.size() >= MAX_FIELDS) {
			this.more.set(free(column), value);
		}
		else if (value.isObject() && depth < FLATTEN_DEPTH) {
			for (var entry : value.properties()) {
				flatten(column + "_" + Columns.of(entry.getKey()), entry.getValue(), depth + 1);
			}
		}
		else if (value.isContainer()) {
			this.fields.put(free(column), this.json.writeValueAsString(value));
		}
		else {
			this.fields.set(free(column), value);
		}
	}

	/** The column itself when free, else {@code log_<column>}, else {@code log_<column>_2}, {@code _3}, …. */
	private String free(String column) {
		if (!taken(column)) {
			return column;
		}
		String renamed = "log_" + column;
		if (!taken(renamed)) {
			return renamed;
		}
		if (this.numbers == null) {
			this.numbers = new HashMap<>();
		}
		int n = this.numbers.getOrDefault(renamed, 2);
		String name = renamed + "_" + n;
		while (taken(name)) {
			n++;
			name = renamed + "_" + n;
		}
		this.numbers.put(renamed, n + 1);
		return name;
	}

	private boolean taken(String name) {
		return this.fields.has(name) || this.more.has(name) || Columns.RESERVED.contains(name);
	}

}
