package dev.o2ext.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads OTLP/JSON export requests and merges them, with Jackson's streaming parser: no tree is
 * built, so a request costs about its own size in memory. A request is checked along the path
 * resource list → scope list → items (and metric data points), accepting the protobuf field
 * names ({@code resource_spans}) besides the JSON ones ({@code resourceSpans}) as the protobuf
 * JSON mapping does; the rest of the document only has to be well-formed JSON. What is kept is
 * the text between the resource list's brackets, as it came; a merged request is those texts
 * joined under the JSON name. Other top-level fields are not kept (export requests have none).
 */
final class JsonExports {

	private static final List<String> DATA_KINDS = List.of("gauge", "sum", "histogram", "exponentialHistogram",
			"summary");

	private final JsonMapper mapper;

	JsonExports(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** The body as an {@link Export}, empty when it holds no resource. */
	Export read(OtlpSignal signal, byte[] body) throws MalformedExportException {
		try (JsonParser parser = this.mapper.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new MalformedExportException("the body must be a JSON object");
			}
			int start = 0;
			int end = 0;
			int items = 0;
			boolean seen = false;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (!is(name, signal.resourceKey())) {
					parser.skipChildren();
					continue;
				}
				if (seen) {
					throw new MalformedExportException("'" + signal.resourceKey() + "' appears twice");
				}
				seen = true;
				if (list(value, signal.resourceKey())) {
					start = (int) parser.currentTokenLocation().getByteOffset() + 1;
					while (element(parser, signal.resourceKey())) {
						items += resource(parser, signal);
					}
					end = (int) parser.currentTokenLocation().getByteOffset();
				}
			}
			if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
				throw new MalformedExportException("the body must be one JSON object");
			}
			byte[] payload = isBlank(body, start, end) ? new byte[0] : Arrays.copyOfRange(body, start, end);
			return new Export(OtlpEncoding.JSON, payload, items);
		}
		catch (JacksonException ex) {
			throw new MalformedExportException("the body is not valid JSON");
		}
	}

	/** {@code {"resourceSpans":[p1,p2,…]}} from the payloads of several JSON exports. */
	static byte[] merge(OtlpSignal signal, List<byte[]> payloads) {
		int size = signal.resourceKey().length() + 8;
		for (byte[] payload : payloads) {
			size += payload.length + 1;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(size);
		out.writeBytes(("{\"" + signal.resourceKey() + "\":[").getBytes(StandardCharsets.US_ASCII));
		for (int i = 0; i < payloads.size(); i++) {
			if (i > 0) {
				out.write(',');
			}
			out.writeBytes(payloads.get(i));
		}
		out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
		return out.toByteArray();
	}

	/** Items in one resource entry (the parser is on its START_OBJECT; leaves it on its END_OBJECT). */
	private static int resource(JsonParser parser, OtlpSignal signal) throws MalformedExportException {
		int items = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (is(name, signal.scopeKey()) && list(value, signal.scopeKey())) {
				while (element(parser, signal.scopeKey())) {
					items += scope(parser, signal);
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return items;
	}

	private static int scope(JsonParser parser, OtlpSignal signal) throws MalformedExportException {
		int items = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (is(name, signal.itemKey()) && list(value, signal.itemKey())) {
				while (element(parser, signal.itemKey())) {
					items += (signal == OtlpSignal.METRICS) ? dataPoints(parser) : skipped(parser);
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return items;
	}

	/** The data points of one metric object. */
	private static int dataPoints(JsonParser parser) throws MalformedExportException {
		int points = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			String kind = dataKind(name);
			if (kind == null || value == JsonToken.VALUE_NULL) {
				parser.skipChildren();
				continue;
			}
			if (value != JsonToken.START_OBJECT) {
				throw new MalformedExportException("'" + kind + "' must be an object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				JsonToken fieldValue = parser.nextToken();
				if (is(field, "dataPoints") && list(fieldValue, "dataPoints")) {
					while (element(parser, "dataPoints")) {
						points += skipped(parser);
					}
				}
				else {
					parser.skipChildren();
				}
			}
		}
		return points;
	}

	/** Whether the value is a list to walk: true for an array, false for null, malformed otherwise. */
	private static boolean list(JsonToken value, String name) throws MalformedExportException {
		if (value == JsonToken.VALUE_NULL) {
			return false;
		}
		if (value != JsonToken.START_ARRAY) {
			throw new MalformedExportException("'" + name + "' must be an array");
		}
		return true;
	}

	/** Moves to the next element of a list of objects: true on its START_OBJECT, false at the list's end. */
	private static boolean element(JsonParser parser, String name) throws MalformedExportException {
		JsonToken token = parser.nextToken();
		if (token == JsonToken.END_ARRAY) {
			return false;
		}
		if (token != JsonToken.START_OBJECT) {
			throw new MalformedExportException("the elements of '" + name + "' must be objects");
		}
		return true;
	}

	/** Skips the object the parser is on; it counts as one item. */
	private static int skipped(JsonParser parser) {
		parser.skipChildren();
		return 1;
	}

	private static @Nullable String dataKind(String name) {
		for (String kind : DATA_KINDS) {
			if (is(name, kind)) {
				return kind;
			}
		}
		return null;
	}

	/** Whether the field name is the JSON name or its protobuf (snake_case) form; allocates nothing. */
	static boolean is(String name, String jsonName) {
		if (name.equals(jsonName)) {
			return true;
		}
		int n = 0;
		for (int j = 0; j < jsonName.length(); j++) {
			char c = jsonName.charAt(j);
			if (Character.isUpperCase(c)) {
				if (n + 1 >= name.length() || name.charAt(n) != '_' || name.charAt(n + 1) != Character.toLowerCase(c)) {
					return false;
				}
				n += 2;
			}
			else {
				if (n >= name.length() || name.charAt(n) != c) {
					return false;
				}
				n++;
			}
		}
		return n == name.length();
	}

	private static boolean isBlank(byte[] body, int start, int end) {
		for (int i = start; i < end; i++) {
			if (!Character.isWhitespace(body[i])) {
				return false;
			}
		}
		return true;
	}

}
