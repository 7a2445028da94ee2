package dev.o2ext.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2ext.config.FunctionInfo;
import dev.o2ext.records.InvocationContext;
import dev.o2ext.records.LineParser;
import dev.o2ext.records.RecordAssembler;
import dev.o2ext.records.SandboxContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

class RecordMapperTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void epochMicrosOfTelemetryTimes() {
		assertThat(RecordMapper.epochMicros("2026-07-28T19:02:01.105Z", -1)).isEqualTo(1_785_265_321_105_000L);
		assertThat(RecordMapper.epochMicros("2026-07-28T19:02:01.105123789Z", -1)).isEqualTo(1_785_265_321_105_123L);
		assertThat(RecordMapper.epochMicros("1970-01-01T00:00:00Z", -1)).isZero();
	}

	@Test
	void unreadableTimesFallBack() {
		assertThat(RecordMapper.epochMicros(null, 42)).isEqualTo(42);
		assertThat(RecordMapper.epochMicros("yesterday", 42)).isEqualTo(42);
		assertThat(RecordMapper.epochMicros("2026-07-28 19:02:01", 42)).isEqualTo(42);
	}

	@Test
	void ownRequestIdPrefersRequestIdThenJavasAwsRequestId() {
		assertThat(LineParser.ownRequestId(read("{\"requestId\":\"a\",\"AWSRequestId\":\"b\"}"))).isEqualTo("a");
		assertThat(LineParser.ownRequestId(read("{\"AWSRequestId\":\"b\"}"))).isEqualTo("b");
		assertThat(LineParser.ownRequestId(read("{\"requestId\":7,\"AWSRequestId\":\"b\"}"))).isEqualTo("b");
		assertThat(LineParser.ownRequestId(read("{\"requestId\":\"\"}"))).isNull();
		assertThat(LineParser.ownRequestId(read("{\"message\":\"x\"}"))).isNull();
		assertThat(LineParser.ownRequestId(StringNode.valueOf("{\"requestId\":\"a\"}"))).isNull();
	}

	@Test
	void writesTheRecordAsReceivedWithTheFunctionsFields() {
		RecordMapper mapper = new RecordMapper(this.json, new FunctionInfo("orders-api", "$LATEST", "us-east-2", 128));

		byte[] line = mapper.toJson(1_785_265_321_231_000L, "function", StringNode.valueOf("an ordinary log line\n"), "r-1");

		assertThat(new String(line)).isEqualTo("{\"_timestamp\":1785265321231000,\"type\":\"function\","
				+ "\"record\":\"an ordinary log line\\n\",\"requestId\":\"r-1\",\"function_name\":\"orders-api\","
				+ "\"function_version\":\"$LATEST\",\"region\":\"us-east-2\",\"faas_max_memory\":134217728}");
	}

	@Test
	void anObjectStaysAnObjectAndMissingValuesAreLeftOut() {
		RecordMapper mapper = new RecordMapper(this.json, new FunctionInfo("", "", "", 0));
		JsonNode record = read("{\"level\":\"INFO\",\"nested\":{\"n\":[1,2]}}");

		JsonNode written = this.json.readTree(mapper.toJson(5, "function", record, null));

		assertThat(written.get("record")).isEqualTo(record);
		assertThat(written.propertyNames()).containsExactly("_timestamp", "type", "record");
	}

	@Test
	void theSandboxsFieldsCloseEveryRecordInTheirPlaceAndFollowWhatItLearns() {
		SandboxContext sandbox = new SandboxContext(new FunctionInfo("orders-api", "$LATEST", "us-east-2", 512),
				"on-demand", "amd64", "");
		RecordMapper mapper = new RecordMapper(this.json, new RecordAssembler(sandbox, true));
		InvocationContext invocation = new InvocationContext("r-1", null,
				"arn:aws:lambda:us-east-2:702835727665:function:orders-api:live", true);
		ObjectNode tree = mapper.assembler().platform(5, "platform.start", read("{\"requestId\":\"r-1\"}"), "r-1",
				invocation);

		JsonNode before = this.json.readTree(mapper.toJson(tree, invocation));
		sandbox.initStart(read("{\"runtimeVersion\":\"nodejs:22.v45\",\"instanceId\":\"stream-1\"}"));
		sandbox.functionArn("arn:aws:lambda:us-east-2:702835727665:function:orders-api");
		JsonNode after = this.json.readTree(mapper.toJson(tree, invocation));
		JsonNode unqualified = this.json.readTree(mapper.toJson(tree, null));

		assertThat(tree.has("function_name")).as("not in the tree the stage sees").isFalse();
		assertThat(before.propertyNames()).containsExactly("_timestamp", "type", "record", "requestId", "faas_coldstart",
				"function_name", "function_version", "function_qualifier", "region", "faas_max_memory", "host_arch",
				"aws_lambda_initialization_type");
		assertThat(after.propertyNames()).containsExactly("_timestamp", "type", "record", "requestId", "faas_coldstart",
				"function_name", "function_version", "function_qualifier", "region", "cloud_account_id",
				"faas_max_memory", "host_arch", "aws_lambda_runtime_version", "aws_lambda_initialization_type",
				"faas_instance");
		assertThat(after.get("aws_lambda_runtime_version").asString()).isEqualTo("nodejs:22.v45");
		assertThat(after.get("cloud_account_id").asString()).isEqualTo("702835727665");
		assertThat(unqualified.has("function_qualifier")).isFalse();
		assertThat(unqualified.get("faas_instance").asString()).isEqualTo("stream-1");
	}

	@Test
	void aRecordTheStageEmptiedIsStillAnObject() {
		RecordMapper full = new RecordMapper(this.json, new FunctionInfo("orders-api", "$LATEST", "us-east-2", 128));
		RecordMapper none = new RecordMapper(this.json, new FunctionInfo("", "", "", 0));

		assertThat(new String(full.toJson(this.json.createObjectNode(), null))).isEqualTo(
				"{\"function_name\":\"orders-api\",\"function_version\":\"$LATEST\",\"region\":\"us-east-2\","
						+ "\"faas_max_memory\":134217728}");
		assertThat(new String(none.toJson(this.json.createObjectNode(), null))).isEqualTo("{}");
	}

	@Test
	void recordsWrittenOneAfterAnotherAreEachWholeAlsoAfterOneFailed() {
		RecordMapper mapper = new RecordMapper(this.json, new FunctionInfo("orders-api", "", "", 0));
		ObjectNode good = this.json.createObjectNode().put("a", 2);
		ObjectNode bad = this.json.createObjectNode().put("a", 1);
		bad.putPOJO("b", new Failing());

		assertThat(new String(mapper.toJson(good, null))).isEqualTo("{\"a\":2,\"function_name\":\"orders-api\"}");
		assertThat(new String(mapper.toJson(good, null))).isEqualTo("{\"a\":2,\"function_name\":\"orders-api\"}");
		assertThatThrownBy(() -> mapper.toJson(bad, null)).isInstanceOf(RuntimeException.class);
		assertThat(new String(mapper.toJson(good, null))).isEqualTo("{\"a\":2,\"function_name\":\"orders-api\"}");
	}

	/** A value whose serialization fails half-way through a record. */
	public static final class Failing {

		public String getValue() {
			throw new IllegalStateException("cannot be written");
		}

	}

	private JsonNode read(String text) {
		return this.json.readTree(text);
	}

}
