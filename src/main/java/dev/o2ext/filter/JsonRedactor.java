package dev.o2ext.filter;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Applies a {@link Redactor} to every string of a record, whatever its shape: the line itself,
 * or each string value of an object (the JSON log format) and of the objects and arrays in it,
 * with the field's name passed along (an {@code authorization} field is blanked whole). Whole
 * numbers of 13 to 19 digits are checked as card numbers, since a card number printed as a
 * number is one too. Field names are not changed. Objects and arrays are changed in place; the
 * depth is that of the parsed record, which the JSON parser bounds. Thread-safe for distinct
 * records.
 */
public final class JsonRedactor {

	private static final long SMALLEST_CARD = 1_000_000_000_000L;

	private final Redactor redactor;

	public JsonRedactor(Redactor redactor) {
		this.redactor = redactor;
	}

	/** The record redacted: the same node, changed in place, or a new one for a string or a number. */
	public JsonNode redact(JsonNode record) {
		return value(null, record);
	}

	/** One field's value redacted, its name passed along (as for the fields of an object). */
	public JsonNode redactField(String name, JsonNode value) {
		return value(name, value);
	}

	private JsonNode value(@Nullable String name, JsonNode node) {
		if (node.isString()) {
			String text = node.stringValue();
			String redacted = (name != null) ? this.redactor.redactField(name, text) : this.redactor.redact(text);
			return (redacted == text) ? node : StringNode.valueOf(redacted);
		}
		if (node instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> property : object.properties()) {
				JsonNode redacted = value(property.getKey(), property.getValue());
				if (redacted != property.getValue()) {
					property.setValue(redacted);
				}
			}
			return node;
		}
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode redacted = value(name, array.get(i));
				if (redacted != array.get(i)) {
					array.set(i, redacted);
				}
			}
			return node;
		}
		if (node.isIntegralNumber() && (node.isBigInteger() || Math.abs(node.longValue()) >= SMALLEST_CARD)) {
			String digits = node.asString();
			String redacted = this.redactor.redactDigits(digits);
			return (redacted == digits) ? node : StringNode.valueOf(redacted);
		}
		return node;
	}

}
