package dev.o2ext.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import dev.o2ext.config.FilterSettings;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.Redaction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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

}
