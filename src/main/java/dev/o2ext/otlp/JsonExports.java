package dev.o2ext.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads OTLP/JSON export requests and merges them. A request is checked along the path
 * resource list → scope list → items (and metric data points), accepting the protobuf field
 * names ({@code resource_spans}) besides the JSON ones ({@code resourceSpans}) as the protobuf
 * JSON mapping does. What is kept is the compact text of the resource list's elements; a merged
 * request is those lists concatenated under the JSON name. Other top-level fields are not kept
 * (the export requests have none).
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
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedExportException("the body is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw new MalformedExportException("the body must be a JSON object");
		}
		JsonNode resources = field(root, signal.resourceKey());
		if (resources == null || resources.isNull()) {
			return new Export(OtlpEncoding.JSON, new byte[0], 0);
		}
		int items = 0;
		for (JsonNode resource : elements(resources, signal.resourceKey())) {
			for (JsonNode scope : elements(field(resource, signal.scopeKey()), signal.scopeKey())) {
				JsonNode list = field(scope, signal.itemKey());
				items += (signal == OtlpSignal.METRICS) ? dataPoints(list) : elements(list, signal.itemKey()).size();
			}
		}
		if (resources.isEmpty()) {
			return new Export(OtlpEncoding.JSON, new byte[0], 0);
		}
		byte[] array = this.mapper.writeValueAsBytes(resources);
		return new Export(OtlpEncoding.JSON, Arrays.copyOfRange(array, 1, array.length - 1), items);
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

	private static int dataPoints(@Nullable JsonNode metrics) throws MalformedExportException {
		int points = 0;
		for (JsonNode metric : elements(metrics, "metrics")) {
			for (String kind : DATA_KINDS) {
				JsonNode data = field(metric, kind);
				if (data != null && !data.isNull()) {
					if (!data.isObject()) {
						throw new MalformedExportException("'" + kind + "' must be an object");
					}
					points += elements(field(data, "dataPoints"), "dataPoints").size();
				}
			}
		}
		return points;
	}

	/** The elements of a list that must be an array of objects; none when absent. */
	private static List<JsonNode> elements(@Nullable JsonNode list, String name) throws MalformedExportException {
		if (list == null || list.isNull()) {
			return List.of();
		}
		if (!list.isArray()) {
			throw new MalformedExportException("'" + name + "' must be an array");
		}
		for (JsonNode element : list) {
			if (!element.isObject()) {
				throw new MalformedExportException("the elements of '" + name + "' must be objects");
			}
		}
		return list.valueStream().toList();
	}

	/** The field under its JSON name or, failing that, its protobuf name. */
	private static @Nullable JsonNode field(JsonNode object, String jsonName) {
		JsonNode value = object.get(jsonName);
		return (value != null) ? value : object.get(snakeCase(jsonName));
	}

	static String snakeCase(String camel) {
		StringBuilder out = new StringBuilder(camel.length() + 4);
		for (int i = 0; i < camel.length(); i++) {
			char c = camel.charAt(i);
			if (Character.isUpperCase(c)) {
				out.append('_').append(Character.toLowerCase(c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
