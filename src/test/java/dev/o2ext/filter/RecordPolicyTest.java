package dev.o2ext.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import dev.o2ext.config.FilterSettings;
import dev.o2ext.config.FunctionInfo;
import dev.o2ext.config.LogSettings;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.Redaction;
import dev.o2ext.records.LineParser;
import dev.o2ext.records.LogLine;
import dev.o2ext.records.ParsedLine;
import dev.o2ext.records.RecordAssembler;
import dev.o2ext.records.SandboxContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

class RecordPolicyTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	@Test
	void theStageRedactsTheLinesContentAndNeverTheContextWeAdd() {
		RecordPolicy policy = new RecordPolicy(new FilterSettings(Set.of(), Set.of(), null, Map.of(),
				Set.of(Redaction.EMAIL, Redaction.CARD), null), new StructuredLevel(), () -> 0.5, this.metrics);
		ObjectNode record = (ObjectNode) this.json.readTree("""
				{"_timestamp":4111111111111111,"type":"function","message":"mail jane@example.com",
				 "record":"mail jane@example.com\\n","order_card":"4111 1111 1111 1111",
				 "log_more":"{\\"contact\\":\\"ops@example.com\\"}","requestId":"4111111111111111",
				 "function_name":"jane@example.com"}
				""");

		ObjectNode kept = policy.stage().apply(record);

		assertThat(kept).isNotNull();
		assertThat(kept.path("message").asString()).isEqualTo("mail [REDACTED:email]");
		assertThat(kept.path("record").asString()).isEqualTo("mail [REDACTED:email]\n");
		assertThat(kept.path("order_card").asString()).isEqualTo("[REDACTED:card]");
		assertThat(kept.path("log_more").asString()).as("the line's keys beyond the hundredth are content")
			.isEqualTo("{\"contact\":\"[REDACTED:email]\"}");
		assertThat(kept.path("_timestamp").asLong()).as("context").isEqualTo(4111111111111111L);
		assertThat(kept.path("requestId").asString()).isEqualTo("4111111111111111");
		assertThat(kept.path("function_name").asString()).isEqualTo("jane@example.com");
	}

	@Test
	void anIdOfTheWrongShapeIsTheLinesContentAndRedacted() {
		RecordPolicy policy = new RecordPolicy(new FilterSettings(Set.of(), Set.of(), null, Map.of(),
				Set.of(Redaction.EMAIL, Redaction.CARD), null), new StructuredLevel(), () -> 0.5, this.metrics);
		LineParser parser = new LineParser(LogSettings.DEFAULTS, this.metrics);
		RecordAssembler assembler = new RecordAssembler(SandboxContext.of(new FunctionInfo("f", "1", "r", 128)), true);
		ParsedLine refused = parser.parse(StringNode.valueOf("""
				{"msg":"m","trace_id":"jane@example.com","requestId":"card 4111 1111 1111 1111"}"""));
		ParsedLine accepted = parser.parse(StringNode.valueOf("""
				{"msg":"m","trace_id":"4111111111111111aaaaaaaaaaaaaaaa","requestId":"4111111111111111"}"""));

		ObjectNode content = policy.stage().apply(record(assembler, refused));
		ObjectNode context = policy.stage().apply(record(assembler, accepted));

		assertThat(content.has("trace_id")).isFalse();
		assertThat(content.path("log_trace_id").asString()).isEqualTo("[REDACTED:email]");
		assertThat(content.path("log_requestid").asString()).isEqualTo("card [REDACTED:card]");
		assertThat(context.path("trace_id").asString()).as("a trace id is context").isEqualTo(
				"4111111111111111aaaaaaaaaaaaaaaa");
		assertThat(context.path("requestId").asString()).isEqualTo("4111111111111111");
	}

	private static ObjectNode record(RecordAssembler assembler, ParsedLine parsed) {
		return assembler.line(new LogLine(1L, "function", StringNode.valueOf("{}"), parsed, parsed.requestId()), null,
				"invoke");
	}

}
