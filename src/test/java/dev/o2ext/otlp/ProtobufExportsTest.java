package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Arrays;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProtobufExportsTest {

	@ParameterizedTest
	@EnumSource(OtlpSignal.class)
	void countsTheItemsOfSdkExportsAndKeepsTheBodyAsItCame(OtlpSignal signal) throws Exception {
		byte[] body = SdkPayloads.protobuf(signal, 7, "item");

		Export export = ProtobufExports.read(signal, body);

		assertThat(export.items()).isEqualTo(7);
		assertThat(export.encoding()).isEqualTo(OtlpEncoding.PROTOBUF);
		assertThat(export.payload()).isSameAs(body);
	}

	@Test
	void anEmptyBodyIsAValidRequestWithNothingToForward() throws Exception {
		Export export = ProtobufExports.read(OtlpSignal.TRACES, new byte[0]);

		assertThat(export.isEmpty()).isTrue();
		assertThat(export.items()).isZero();
	}

	@Test
	void concatenatedRequestsAreOneValidRequestHoldingEveryResource() throws Exception {
		byte[] first = SdkPayloads.protobuf(OtlpSignal.TRACES, 3, "a");
		byte[] second = SdkPayloads.protobuf(OtlpSignal.TRACES, 4, "b");
		byte[] merged = concat(first, second);

		ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(merged);

		assertThat(request.getResourceSpansCount()).isEqualTo(2);
		assertThat(request.getResourceSpansList().stream()
			.flatMap((r) -> r.getScopeSpansList().stream())
			.flatMap((s) -> s.getSpansList().stream())
			.map((span) -> span.getName())).containsExactly("a-0", "a-1", "a-2", "b-0", "b-1", "b-2", "b-3");
		assertThat(ProtobufExports.read(OtlpSignal.TRACES, merged).items()).isEqualTo(7);
	}

	@Test
	void mergedLogsAndMetricsParseToo() throws Exception {
		byte[] logs = concat(SdkPayloads.protobuf(OtlpSignal.LOGS, 2, "l"), SdkPayloads.protobuf(OtlpSignal.LOGS, 1, "m"));
		byte[] metrics = concat(SdkPayloads.protobuf(OtlpSignal.METRICS, 3, "c"),
				SdkPayloads.protobuf(OtlpSignal.METRICS, 2, "d"));

		assertThat(ExportLogsServiceRequest.parseFrom(logs).getResourceLogsCount()).isEqualTo(2);
		assertThat(ExportMetricsServiceRequest.parseFrom(metrics).getResourceMetricsCount()).isEqualTo(2);
		assertThat(ProtobufExports.read(OtlpSignal.METRICS, metrics).items()).isEqualTo(5);
	}

	@ParameterizedTest
	@EnumSource(OtlpSignal.class)
	void everyTruncationOfAnExportIsRefused(OtlpSignal signal) {
		byte[] body = SdkPayloads.protobuf(signal, 2, "t");
		for (int length = 1; length < body.length; length++) {
			byte[] truncated = Arrays.copyOf(body, length);
			assertThatExceptionOfType(MalformedExportException.class).as("truncated to %d of %d bytes", length, body.length)
				.isThrownBy(() -> ProtobufExports.read(signal, truncated));
		}
	}

	@Test
	void textAndJsonAreNotProtobuf() {
		assertThatExceptionOfType(MalformedExportException.class)
			.isThrownBy(() -> ProtobufExports.read(OtlpSignal.TRACES, "{\"resourceSpans\":[]}".getBytes()));
		assertThatExceptionOfType(MalformedExportException.class)
			.isThrownBy(() -> ProtobufExports.read(OtlpSignal.LOGS, "hello world, this is not protobuf".getBytes()));
	}

	@Test
	void theResourceListMustHoldMessages() {
		// field 1 as a varint instead of a length-delimited message
		assertThatExceptionOfType(MalformedExportException.class)
			.isThrownBy(() -> ProtobufExports.read(OtlpSignal.TRACES, new byte[] { 0x08, 0x01 }))
			.withMessageContaining("field 1");
	}

	@Test
	void unknownTopLevelFieldsAreSkippedButNotForwardedAlone() throws Exception {
		// field 5, varint 1: a well-formed message without any resource
		Export export = ProtobufExports.read(OtlpSignal.TRACES, new byte[] { 0x28, 0x01 });

		assertThat(export.isEmpty()).isTrue();
	}

	static byte[] concat(byte[] first, byte[] second) {
		byte[] merged = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, merged, first.length, second.length);
		return merged;
	}

}
