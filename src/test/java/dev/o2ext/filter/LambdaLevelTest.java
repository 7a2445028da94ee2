package dev.o2ext.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

class LambdaLevelTest {

	private final LambdaLevel levels = new LambdaLevel();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTheLevelColumnOfLambdasTextFormats() {
		assertThat(LambdaLevel.ofLine("2026-12-03T05:36:05.123Z\t8f5b2c1e-1f0e-4a39-9a51-0c5d7f0e1d2a\tERROR\tboom\n"))
			.isEqualTo("ERROR");
		assertThat(LambdaLevel.ofLine("[WARNING]\t2026-12-03T05:36:05.123Z\t8f5b2c1e-1f0e-4a39\tlow disk\n"))
			.isEqualTo("WARNING");
		assertThat(LambdaLevel.ofLine("2026-12-03T05:36:05.123Z\tabc\tINFO\t")).isEqualTo("INFO");
	}

	@Test
	void aLineWithoutThatPrefixHasNoLevel() {
		assertThat(LambdaLevel.ofLine("plain print\n")).isNull();
		assertThat(LambdaLevel.ofLine("")).isNull();
		assertThat(LambdaLevel.ofLine("[1, 2, 3]\n")).isNull();
		assertThat(LambdaLevel.ofLine("2026 was a year\tof\tmany tabs")).isNull();
		assertThat(LambdaLevel.ofLine("2026-12-03T05:36:05.123Z\tabc\tINFO")).as("no message column").isNull();
		assertThat(LambdaLevel.ofLine("1\t2\t" + "X".repeat(20) + "\tmsg")).isNull();
	}

	@Test
	void readsAnObjectRecordsLevelAndNothingFromPlatformRecords() {
		assertThat(this.levels.level("function", this.json.readTree("{\"level\":\"DEBUG\",\"message\":\"m\"}")))
			.isEqualTo("DEBUG");
		assertThat(this.levels.level("function", this.json.readTree("{\"level\":30}"))).isNull();
		assertThat(this.levels.level("extension", StringNode.valueOf("2026-12-03T05:36:05Z\tx\tWARN\tm"))).isEqualTo("WARN");
		assertThat(this.levels.level("platform.report", this.json.readTree("{\"level\":\"DEBUG\"}"))).isNull();
	}

}
