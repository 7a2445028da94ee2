package dev.o2ext.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import dev.o2ext.config.LogSettings;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.LineCount;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

class LineParserTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final LineParser parser = new LineParser(LogSettings.DEFAULTS, this.metrics);

	@Test
	void nodeAndDefaultTextPrefix() {
		ParsedLine line = text("2026-07-28T19:02:01.231Z\tc3626c7f-3602-46f2-8199-d6e8243bfa4a\tINFO\torder 42 shipped\n");

		assertThat(line.level()).isEqualTo("INFO");
		assertThat(line.requestId()).isEqualTo("c3626c7f-3602-46f2-8199-d6e8243bfa4a");
		assertThat(line.message()).isEqualTo("order 42 shipped");
		assertThat(line.fields()).isNull();
	}

	@Test
	void pythonTextPrefix() {
		ParsedLine line = text("[WARNING]\t2026-07-28T19:02:01.231Z\tc3626c7f-3602-46f2-8199-d6e8243bfa4a\tdisk\tnearly full\n");

		assertThat(line.level()).isEqualTo("WARNING");
		assertThat(line.requestId()).isEqualTo("c3626c7f-3602-46f2-8199-d6e8243bfa4a");
		assertThat(line.message()).isEqualTo("disk\tnearly full");
	}

	@Test
	void nodeOutsideAnInvocationWritesUndefinedForTheRequestId() {
		ParsedLine line = text("2026-07-28T19:02:01.231Z\tundefined\tERROR\tinit failed\n");

		assertThat(line.level()).isEqualTo("ERROR");
		assertThat(line.requestId()).isNull();
		assertThat(line.message()).isEqualTo("init failed");
	}

	@Test
	void linesWithoutAPrefixAreTheirMessage() {
		assertThat(text("an ordinary log line\n").message()).isEqualTo("an ordinary log line");
		assertThat(text("an ordinary log line\n").level()).isNull();
		assertThat(text("2026-07-28T19:02:01.231Z\tr\tNOTICE\tnot a level we know\n").level()).isNull();
		assertThat(text("[INFO] no tabs here at all, just spaces\n").level()).isNull();
	}

	@Test
	void jsonLogFormatOfPythonAndNode() {
		ParsedLine line = this.parser.parse(read("""
				{"timestamp":"2026-07-28T19:02:01.231Z","level":"INFO","message":"order shipped","logger":"root",
				 "requestId":"8f60e725-45d2-4901-949c-482a936d20be","order":{"id":42}}"""));

		assertThat(line.level()).isEqualTo("INFO");
		assertThat(line.message()).isEqualTo("order shipped");
		assertThat(line.requestId()).isEqualTo("8f60e725-45d2-4901-949c-482a936d20be");
		assertThat(line.object()).isTrue();
		assertThat(line.fields().propertyNames()).containsExactly("timestamp", "logger", "order_id");
		assertThat(line.fields().get("order_id").asInt()).isEqualTo(42);
	}

	@Test
	void javasJsonFormatNamesTheRequestAwsRequestIdAndKeepsUndefined() {
		ParsedLine line = this.parser.parse(read("""
				{"timestamp":"2026-07-28T19:02:01.231Z","level":"UNDEFINED","message":"System.out line","AWSRequestId":"j-1"}"""));

		assertThat(line.level()).isEqualTo("UNDEFINED");
		assertThat(line.requestId()).isEqualTo("j-1");
		assertThat(line.message()).isEqualTo("System.out line");
	}

	@Test
	void jsonPrintedAsTextIsFlattenedAsOpenObserveFlattens() {
		ParsedLine line = text("""
				{"msg":"paid","severity":"warn","user":{"id":7,"Home Address":{"city":"Oslo","geo":{"lat":59.9}}},\
				"tags":["a","b"],"traceId":"1-5759e988-bd862e3fe1be46a994272793","spanId":"53995C3F42CD8AD8","gone":null}
				""");

		assertThat(line.level()).isEqualTo("WARN");
		assertThat(line.message()).isEqualTo("paid");
		assertThat(line.object()).isFalse();
		assertThat(line.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
		assertThat(line.spanId()).isEqualTo("53995c3f42cd8ad8");
		assertThat(line.fields().propertyNames()).containsExactly("user_id", "user_home_address_city",
				"user_home_address_geo", "tags");
		assertThat(line.fields().get("user_home_address_geo").asString()).isEqualTo("{\"lat\":59.9}");
		assertThat(line.fields().get("tags").asString()).isEqualTo("[\"a\",\"b\"]");
	}

	@Test
	void jsonAfterTheTextPrefixIsParsedTooAndItsOwnLevelWins() {
		ParsedLine line = text("2026-07-28T19:02:01.231Z\tr-1\tINFO\t{\"level\":\"error\",\"code\":\"E42\",\"request_id\":\"r-own\"}\n");

		assertThat(line.level()).isEqualTo("ERROR");
		assertThat(line.requestId()).isEqualTo("r-own");
		assertThat(line.message()).as("no message key: the fields hold it all").isNull();
		assertThat(line.fields().get("code").asString()).isEqualTo("E42");
	}

	@Test
	void keysThatWouldOverwriteTheRecordsOwnFieldsGetAPrefix() {
		ParsedLine line = text("{\"type\":\"order\",\"function_name\":\"mine\",\"_timestamp\":1,\"Record\":\"r\"}\n");

		assertThat(line.fields().propertyNames()).containsExactly("log_type", "log_function_name", "log__timestamp",
				"log_record");
	}

	@Test
	void aRealLogKeyKeepsItsNameAndTheRenamedOneMovesOnWhateverTheOrder() {
		ParsedLine before = text("{\"type\":\"t\",\"log_type\":\"real\",\"log_log_type\":\"real too\"}");
		ParsedLine after = text("{\"log_type\":\"real\",\"log_log_type\":\"real too\",\"type\":\"t\"}");

		for (ParsedLine line : java.util.List.of(before, after)) {
			assertThat(line.fields().get("log_type").asString()).isEqualTo("real");
			assertThat(line.fields().get("log_log_type").asString()).isEqualTo("real too");
			assertThat(line.fields().get("log_log_type_2").asString()).isEqualTo("t");
			assertThat(line.fields().size()).isEqualTo(3);
		}
	}

	@Test
	void noColumnIsWrittenTwiceNorOneOfOursMadeByFlattening() {
		ParsedLine line = text("""
				{"user":1,"User":2,"USER":3,"user_id":4,"user.id":5,"function":{"name":"mine"},"log_more":"m",
				 "more":"x","More":"y"}""");

		assertThat(line.fields().get("user").asInt()).isEqualTo(1);
		assertThat(line.fields().get("log_user").asInt()).isEqualTo(2);
		assertThat(line.fields().get("log_user_2").asInt()).isEqualTo(3);
		assertThat(line.fields().get("user_id").asInt()).isEqualTo(4);
		assertThat(line.fields().get("log_user_id").asInt()).isEqualTo(5);
		assertThat(line.fields().get("log_function_name").asString()).as("flattened into one of ours").isEqualTo("mine");
		assertThat(line.fields().has("function_name")).isFalse();
		assertThat(line.fields().get("more").asString()).isEqualTo("x");
		assertThat(line.fields().get("log_more_2").asString()).as("log_more is ours").isEqualTo("y");
		assertThat(line.fields().get("log_log_more").asString()).isEqualTo("m");
		assertThat(line.fields().has("log_more")).isFalse();
	}

	@Test
	void thousandsOfClashingKeysAreAllKeptUnderDistinctNames() {
		StringBuilder clash = new StringBuilder("{\"msg\":\"clash\"");
		int keys = 3000;
		for (int i = 0; i < keys; i++) {
			// every key is one character and then one that is not [a-z0-9_]: all make the column "a_"
			clash.append(",\"a").append((char) (0x4e00 + i)).append("\":").append(i);
		}
		clash.append('}');

		ParsedLine line = this.parser.parse(read(clash.toString()));

		JsonNode more = this.json.readTree(line.fields().get("log_more").asString());
		assertThat(line.fields().size() - 1 + more.size()).as("every value kept").isEqualTo(keys);
		assertThat(line.fields().get("a_").asInt()).isEqualTo(0);
		assertThat(line.fields().get("log_a_").asInt()).isEqualTo(1);
		assertThat(line.fields().get("log_a__2").asInt()).isEqualTo(2);
		assertThat(more.get("log_a__" + (keys - 1)).asInt()).isEqualTo(keys - 1);
	}

	@Test
	void aLineMakesAtMostAHundredColumnsTheRestStayTogether() {
		StringBuilder wide = new StringBuilder("{\"msg\":\"wide\",\"nested\":{");
		for (int i = 0; i < 150; i++) {
			wide.append((i > 0) ? "," : "").append("\"k").append(i).append("\":").append(i);
		}
		wide.append("}}");

		ParsedLine line = text(wide.toString());

		assertThat(line.fields().size()).isEqualTo(LineFields.MAX_FIELDS + 1);
		assertThat(line.fields().get("nested_k99").asInt()).isEqualTo(99);
		assertThat(this.json.readTree(line.fields().get("log_more").asString()).get("nested_k149").asInt()).isEqualTo(149);
		assertThat(this.metrics.snapshot().lines().get(LineCount.FIELDS_CAPPED)).isEqualTo(1);
	}

	@Test
	void pinosNumericLevels() {
		assertThat(text("{\"level\":50,\"msg\":\"x\"}").level()).isEqualTo("ERROR");
		assertThat(text("{\"level\":30,\"msg\":\"x\"}").level()).isEqualTo("INFO");
	}

	@Test
	void invalidTooLargeAndTooDeepJsonStaysTextAndIsCounted() {
		LineParser small = new LineParser(new LogSettings(true, true, true, true, Duration.ofMillis(100), 256),
				this.metrics);

		ParsedLine invalid = small.parse(StringNode.valueOf("{not json}\n"));
		ParsedLine large = small.parse(StringNode.valueOf("{\"a\":\"" + "x".repeat(300) + "\"}\n"));
		ParsedLine deep = this.parser.parse(StringNode.valueOf("{\"a\":".repeat(40) + "1" + "}".repeat(40)));

		assertThat(invalid.message()).isEqualTo("{not json}");
		assertThat(invalid.fields()).isNull();
		assertThat(large.fields()).isNull();
		assertThat(large.message()).startsWith("{\"a\":\"xxx");
		assertThat(deep.fields()).isNull();
		assertThat(this.metrics.snapshot().lines()).containsEntry(LineCount.JSON_INVALID, 1L)
			.containsEntry(LineCount.JSON_TOO_LARGE, 1L)
			.containsEntry(LineCount.JSON_TOO_DEEP, 1L);
	}

	@Test
	void arraysAndScalarsPrintedAsTextAreNotObjects() {
		assertThat(text("[1,2,3]\n").fields()).isNull();
		assertThat(text("{ just braces }").fields()).isNull();
		assertThat(this.metrics.snapshot().lines().get(LineCount.JSON_INVALID)).isEqualTo(1);
	}

	@Test
	void eachPartCanBeSwitchedOff() {
		LineParser none = new LineParser(LogSettings.RAW, this.metrics);

		ParsedLine prefixed = none.parse(StringNode.valueOf("2026-07-28T19:02:01.231Z\tr-1\tINFO\t{\"a\":1}\n"));
		ParsedLine object = none.parse(read("{\"level\":\"INFO\",\"requestId\":\"r\",\"message\":\"m\"}"));

		assertThat(prefixed.level()).isNull();
		assertThat(prefixed.message()).isEqualTo("2026-07-28T19:02:01.231Z\tr-1\tINFO\t{\"a\":1}");
		assertThat(prefixed.fields()).isNull();
		assertThat(object.fields()).isNull();
		assertThat(object.object()).as("not parsed: kept as an object in record").isFalse();
		assertThat(object.requestId()).isEqualTo("r");
	}

	@Test
	void onlyIdsOfTheRightShapeBecomeOurColumnsTheRestStaysTheLinesContent() {
		ParsedLine good = text("""
				{"msg":"m","trace_id":"0AF7651916CD43DD8448EB211C80319C","span_id":"B7AD6B7169203331","requestId":"local-2"}
				""");
		ParsedLine bad = text("""
				{"msg":"m","trace_id":"not a trace","span_id":"0000000000000000","requestId":"two words","level":"loud"}
				""");

		assertThat(good.traceId()).as("upper case normalised").isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(good.spanId()).isEqualTo("b7ad6b7169203331");
		assertThat(good.requestId()).as("the simulator's ids are no UUIDs").isEqualTo("local-2");
		assertThat(good.fields()).isNull();
		assertThat(bad.traceId()).isNull();
		assertThat(bad.spanId()).isNull();
		assertThat(bad.requestId()).isNull();
		assertThat(bad.level()).isNull();
		assertThat(bad.fields().propertyNames()).containsExactlyInAnyOrder("log_trace_id", "log_span_id",
				"log_requestid", "log_level");
		assertThat(bad.fields().get("log_trace_id").asString()).isEqualTo("not a trace");
		assertThat(bad.fields().get("log_requestid").asString()).isEqualTo("two words");
	}

	@Test
	void refusedAliasesKeepTheirOwnColumn() {
		ParsedLine line = text("""
				{"msg":"m","traceId":"abc","spanId":"53995c3f42cd8ad","severity":"35","AWSRequestId":"a\\nb"}
				""");

		assertThat(line.traceId()).isNull();
		assertThat(line.spanId()).as("15 digits").isNull();
		assertThat(line.level()).isNull();
		assertThat(line.requestId()).isNull();
		assertThat(line.fields().propertyNames()).containsExactlyInAnyOrder("traceid", "spanid", "severity",
				"awsrequestid");
	}

	@Test
	void traceAndSpanIdShapes() {
		assertThat(TraceIds.lineTraceId("1-5759e988-bd862e3fe1be46a994272793")).isEqualTo("5759e988bd862e3fe1be46a994272793");
		assertThat(TraceIds.lineTraceId("0".repeat(32))).as("OpenTelemetry's invalid id").isNull();
		assertThat(TraceIds.lineTraceId("1-00000000-000000000000000000000000")).isNull();
		assertThat(TraceIds.lineTraceId("5759e988bd862e3fe1be46a99427279")).as("31 digits").isNull();
		assertThat(TraceIds.lineTraceId("5759e988bd862e3fe1be46a9942727933")).as("33 digits").isNull();
		assertThat(TraceIds.lineTraceId("5759e988bd862e3fe1be46a99427279g")).isNull();
		assertThat(TraceIds.lineTraceId("5759e988bd862e3fe1be46a99427279\u0663")).as("a non-ASCII digit").isNull();
		assertThat(TraceIds.lineTraceId("")).isNull();
		assertThat(TraceIds.lineSpanId("53995C3F42CD8AD8")).isEqualTo("53995c3f42cd8ad8");
		assertThat(TraceIds.lineSpanId("0000000000000000")).isNull();
		assertThat(TraceIds.lineSpanId("53995c3f42cd8ad8-")).isNull();
		assertThat(TraceIds.lineSpanId("jane@example.com")).isNull();
	}

	@Test
	void levelShapes() {
		assertThat(text("{\"level\":\" warning \",\"msg\":\"x\"}").level()).isEqualTo("WARNING");
		assertThat(text("{\"level\":\"Information\",\"msg\":\"x\"}").level()).as(".NET").isEqualTo("INFORMATION");
		assertThat(text("{\"level\":\"UNDEFINED\",\"msg\":\"x\"}").level()).isEqualTo("UNDEFINED");
		assertThat(text("{\"level\":35,\"msg\":\"x\"}").level()).as("not a pino level").isNull();
		assertThat(text("{\"level\":4294967306,\"msg\":\"x\"}").level()).as("not 10").isNull();
		assertThat(text("{\"level\":\"jane@example.com\",\"msg\":\"x\"}").level()).isNull();
		assertThat(text("{\"level\":\"jane@example.com\",\"msg\":\"x\"}").fields().get("log_level").asString())
			.isEqualTo("jane@example.com");
		assertThat(text("{\"level\":\"bad\",\"severity\":\"error\",\"msg\":\"x\"}").level())
			.as("the next level key").isEqualTo("ERROR");
	}

	@Test
	void requestIdShapes() {
		assertThat(RequestIds.isRequestId("8f60e725-45d2-4901-949c-482a936d20be")).isTrue();
		assertThat(RequestIds.isRequestId("local-2")).isTrue();
		assertThat(RequestIds.isRequestId("x".repeat(RequestIds.MAX_LENGTH))).isTrue();
		assertThat(RequestIds.isRequestId("x".repeat(RequestIds.MAX_LENGTH + 1))).isFalse();
		assertThat(RequestIds.isRequestId("")).isFalse();
		assertThat(RequestIds.isRequestId("a b")).isFalse();
		assertThat(RequestIds.isRequestId("a\u0000b")).isFalse();
		assertThat(RequestIds.isRequestId("a\u00a0b")).as("a non-ASCII blank").isFalse();
		assertThat(LineParser.ownRequestId(read("{\"requestId\":\"a b\",\"AWSRequestId\":\"j-1\"}"))).isEqualTo("j-1");
		assertThat(LineParser.ownRequestId(read("{\"requestId\":\"a b\"}"))).isNull();
	}

	@Test
	void aPrefixsRequestIdOfTheWrongShapeIsKeptAsAField() {
		ParsedLine plain = text("2026-07-28T19:02:01.231Z\tjane doe\tINFO\thello\n");
		ParsedLine json = text("2026-07-28T19:02:01.231Z\t" + "r".repeat(200) + "\tINFO\t{\"msg\":\"hello\"}\n");

		assertThat(plain.requestId()).isNull();
		assertThat(plain.message()).isEqualTo("hello");
		assertThat(plain.fields().get("log_requestid").asString()).isEqualTo("jane doe");
		assertThat(json.requestId()).isNull();
		assertThat(json.fields().get("log_requestid").asString()).isEqualTo("r".repeat(200));
	}

	private ParsedLine text(String line) {
		return this.parser.parse(StringNode.valueOf(line));
	}

	private JsonNode read(String text) {
		return this.json.readTree(text);
	}

}
