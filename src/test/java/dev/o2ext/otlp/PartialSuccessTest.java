package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PartialSuccessTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void readsTheProtobufPartialSuccessOfEverySignal() {
		byte[] traces = ExportTraceServiceResponse.newBuilder()
			.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(3).setErrorMessage("too old"))
			.build().toByteArray();
		byte[] metrics = ExportMetricsServiceResponse.newBuilder()
			.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(40_000_000_000L))
			.build().toByteArray();
		byte[] logs = ExportLogsServiceResponse.newBuilder()
			.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(1).setErrorMessage("bad\n  record"))
			.build().toByteArray();

		assertThat(PartialSuccess.parse(traces, MAPPER)).isEqualTo(new PartialSuccess(3, "too old"));
		assertThat(PartialSuccess.parse(metrics, MAPPER)).isEqualTo(new PartialSuccess(40_000_000_000L, ""));
		assertThat(PartialSuccess.parse(logs, MAPPER)).isEqualTo(new PartialSuccess(1, "bad record"));
	}

	@Test
	void anEmptyResponseMeansEverythingWasTaken() {
		assertThat(PartialSuccess.parse(new byte[0], MAPPER)).isEqualTo(PartialSuccess.NONE);
		assertThat(PartialSuccess.parse(ExportTraceServiceResponse.getDefaultInstance().toByteArray(), MAPPER))
			.isEqualTo(PartialSuccess.NONE);
		assertThat(PartialSuccess.parse("{}".getBytes(StandardCharsets.UTF_8), MAPPER)).isEqualTo(PartialSuccess.NONE);
	}

	@Test
	void readsTheJsonPartialSuccessWithInt64AsStringOrNumber() {
		byte[] asString = "{\"partialSuccess\":{\"rejectedSpans\":\"5\",\"errorMessage\":\"x\"}}"
			.getBytes(StandardCharsets.UTF_8);
		byte[] asNumber = " {\"partial_success\":{\"rejected_log_records\":2}}".getBytes(StandardCharsets.UTF_8);

		assertThat(PartialSuccess.parse(asString, MAPPER)).isEqualTo(new PartialSuccess(5, "x"));
		assertThat(PartialSuccess.parse(asNumber, MAPPER)).isEqualTo(new PartialSuccess(2, ""));
	}

	@Test
	void anUnreadableBodyCountsAsNothingRefused() {
		assertThat(PartialSuccess.parse(new byte[] { 0x0A, 0x7F }, MAPPER)).isEqualTo(PartialSuccess.NONE);
		assertThat(PartialSuccess.parse("{broken".getBytes(StandardCharsets.UTF_8), MAPPER)).isEqualTo(PartialSuccess.NONE);
	}

}
