package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonExportsTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final JsonExports exports = new JsonExports(MAPPER);

	@ParameterizedTest
	@EnumSource(OtlpSignal.class)
	void countsTheItemsOfTheSdksJsonExports(OtlpSignal signal) throws Exception {
		Export export = this.exports.read(signal, SdkPayloads.json(signal, 5, "j"));

		assertThat(export.items()).isEqualTo(5);
		assertThat(export.encoding()).isEqualTo(OtlpEncoding.JSON);
	}

	@ParameterizedTest
	@EnumSource(OtlpSignal.class)
	void mergingJoinsTheResourceListsOfSeveralExports(OtlpSignal signal) throws Exception {
		Export first = this.exports.read(signal, SdkPayloads.json(signal, 2, "a"));
		Export second = this.exports.read(signal, SdkPayloads.json(signal, 3, "b"));

		byte[] merged = JsonExports.merge(signal, List.of(first.payload(), second.payload()));

		JsonNode root = MAPPER.readTree(merged);
		assertThat(root.properties()).hasSize(1);
		assertThat(root).isEqualTo(mergedByTree(signal, first, second));
		assertThat(root.get(signal.resourceKey()).size()).isEqualTo(2);
		assertThat(this.exports.read(signal, merged).items()).isEqualTo(5);
	}

	/** The same merge done with a tree, to compare with. */
	private static JsonNode mergedByTree(OtlpSignal signal, Export... exports) {
		var merged = MAPPER.createObjectNode();
		var list = merged.putArray(signal.resourceKey());
		for (Export export : exports) {
			MAPPER.readTree("[" + new String(export.payload(), StandardCharsets.UTF_8) + "]").forEach(list::add);
		}
		return merged;
	}

	@Test
	void acceptsTheProtobufFieldNames() throws Exception {
		String body = "{\"resource_spans\":[{\"scope_spans\":[{\"spans\":[{\"name\":\"a\"},{\"name\":\"b\"}]}]}]}";

		Export export = this.exports.read(OtlpSignal.TRACES, body.getBytes(StandardCharsets.UTF_8));

		assertThat(export.items()).isEqualTo(2);
		byte[] merged = JsonExports.merge(OtlpSignal.TRACES, List.of(export.payload()));
		assertThat(new String(merged, StandardCharsets.UTF_8)).startsWith("{\"resourceSpans\":[{\"scope_spans\"");
	}

	@Test
	void countsMetricDataPointsOfEveryKind() throws Exception {
		String body = """
				{"resourceMetrics":[{"scopeMetrics":[{"metrics":[
				  {"name":"g","gauge":{"dataPoints":[{"asInt":"1"},{"asInt":"2"}]}},
				  {"name":"s","sum":{"dataPoints":[{"asDouble":1.5}],"isMonotonic":true}},
				  {"name":"h","histogram":{"dataPoints":[{"count":"3"}]}},
				  {"name":"e","exponentialHistogram":{"dataPoints":[{"count":"1"}]}},
				  {"name":"q","summary":{"dataPoints":[{"count":"4"},{"count":"5"}]}}]}]}]}
				""";

		assertThat(this.exports.read(OtlpSignal.METRICS, body.getBytes(StandardCharsets.UTF_8)).items()).isEqualTo(7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"resourceSpans\":null}", "{\"resourceSpans\":[]}" })
	void aRequestWithoutResourcesIsValidAndEmpty(String body) throws Exception {
		Export export = this.exports.read(OtlpSignal.TRACES, body.getBytes(StandardCharsets.UTF_8));

		assertThat(export.isEmpty()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[]", "\"text\"", "{\"resourceSpans\":{}}", "{\"resourceSpans\":[1]}",
			"{\"resourceSpans\":[{\"scopeSpans\":\"x\"}]}", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":{}}]}]}",
			"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" })
	void refusesWhatIsNotATraceExport(String body) {
		assertThatExceptionOfType(MalformedExportException.class)
			.isThrownBy(() -> this.exports.read(OtlpSignal.TRACES, body.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void fieldNamesMatchTheirJsonOrProtobufForm() {
		assertThat(JsonExports.is("resourceSpans", "resourceSpans")).isTrue();
		assertThat(JsonExports.is("resource_spans", "resourceSpans")).isTrue();
		assertThat(JsonExports.is("resource_span", "resourceSpans")).isFalse();
		assertThat(JsonExports.is("resource_spansx", "resourceSpans")).isFalse();
		assertThat(JsonExports.is("resourcespans", "resourceSpans")).isFalse();
		assertThat(JsonExports.is("resource_Spans", "resourceSpans")).isFalse();
		assertThat(JsonExports.is("spans", "spans")).isTrue();
	}

	@Test
	void keepsTheResourceListAsItCameAndRefusesTrailingContent() throws Exception {
		String body = "{ \"resourceSpans\" : [ {\"scopeSpans\":[{\"spans\":[{\"name\":\"a\"}]}]} ] , \"other\":{\"x\":[1]} }";

		Export export = this.exports.read(OtlpSignal.TRACES, body.getBytes(StandardCharsets.UTF_8));

		assertThat(new String(export.payload(), StandardCharsets.UTF_8))
			.isEqualTo(" {\"scopeSpans\":[{\"spans\":[{\"name\":\"a\"}]}]} ");
		assertThatExceptionOfType(MalformedExportException.class).isThrownBy(() -> this.exports
			.read(OtlpSignal.TRACES, "{\"resourceSpans\":[]} {}".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MalformedExportException.class).isThrownBy(() -> this.exports
			.read(OtlpSignal.TRACES, "{\"resourceSpans\":[],\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void aMetricKindMustBeAnObject() {
		String body = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"g\",\"gauge\":[1]}]}]}]}";

		assertThatExceptionOfType(MalformedExportException.class)
			.isThrownBy(() -> this.exports.read(OtlpSignal.METRICS, body.getBytes(StandardCharsets.UTF_8)));
	}

}
