package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OtlpReceiverTest {

	private static final int MAX_BODY = 64 * 1024;

	private final ByteBudget budget = new ByteBudget(256 * 1024);

	private final OtlpRelay relay = new OtlpRelay(this.budget, MAX_BODY,
			new InMemoryPipelineMetrics(java.time.Clock.systemUTC()));

	private final AtomicInteger buffered = new AtomicInteger();

	private final OtlpReceiver receiver = new OtlpReceiver(this.relay, JsonMapper.builder().build(),
			(signal) -> this.buffered.incrementAndGet(), MAX_BODY);

	@Test
	void protobufSuccessIsAnEmptyProtobufResponse() {
		OtlpAnswer answer = receive(OtlpSignal.TRACES, "application/x-protobuf", null,
				SdkPayloads.protobuf(OtlpSignal.TRACES, 3, "s"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.contentType()).isEqualTo("application/x-protobuf");
		assertThat(answer.body()).isEmpty();
		assertThat(this.buffered).hasValue(1);
		SignalSnapshot traces = snapshot(OtlpSignal.TRACES);
		assertThat(traces.lane().accepted()).isEqualTo(3);
		assertThat(traces.queue().count()).isEqualTo(3);
	}

	@Test
	void jsonSuccessIsAnEmptyJsonObjectAndACharsetIsAccepted() {
		OtlpAnswer answer = receive(OtlpSignal.LOGS, "application/json; charset=utf-8", null,
				SdkPayloads.json(OtlpSignal.LOGS, 2, "l"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.contentType()).isEqualTo("application/json");
		assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
		assertThat(snapshot(OtlpSignal.LOGS).lane().accepted()).isEqualTo(2);
	}

	@Test
	void gzipBodiesAreDecompressed() throws IOException {
		OtlpAnswer answer = receive(OtlpSignal.METRICS, "application/x-protobuf", "gzip",
				gzip(SdkPayloads.protobuf(OtlpSignal.METRICS, 4, "m")));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(snapshot(OtlpSignal.METRICS).lane().accepted()).isEqualTo(4);
	}

	@Test
	void otherContentTypesAndEncodingsAre415() {
		byte[] body = SdkPayloads.protobuf(OtlpSignal.TRACES, 1, "s");

		assertThat(receive(OtlpSignal.TRACES, "text/plain", null, body).status()).isEqualTo(415);
		assertThat(receive(OtlpSignal.TRACES, null, null, body).status()).isEqualTo(415);
		assertThat(receive(OtlpSignal.TRACES, "application/x-protobuf", "br", body).status()).isEqualTo(415);
		assertThat(snapshot(OtlpSignal.TRACES).refused().get(Refusal.UNSUPPORTED)).isEqualTo(3);
		assertThat(snapshot(OtlpSignal.TRACES).lane().accepted()).isZero();
	}

	@Test
	void malformedBodiesAre400WithAStatusInTheRequestsEncoding() throws IOException {
		OtlpAnswer protobuf = receive(OtlpSignal.TRACES, "application/x-protobuf", null, new byte[] { 0x0A, 0x05, 0x01 });
		OtlpAnswer json = receive(OtlpSignal.TRACES, "application/json", null, "{\"resourceSpans\":7}".getBytes());
		OtlpAnswer badGzip = receive(OtlpSignal.TRACES, "application/x-protobuf", "gzip", new byte[] { 1, 2, 3 });

		assertThat(protobuf.status()).isEqualTo(400);
		assertThat(protobuf.contentType()).isEqualTo("application/x-protobuf");
		assertThat(protobuf.body()[0]).as("google.rpc.Status code, field 1").isEqualTo((byte) 0x08);
		assertThat(protobuf.body()[1]).as("INVALID_ARGUMENT").isEqualTo((byte) 3);
		assertThat(json.status()).isEqualTo(400);
		assertThat(JsonMapper.builder().build().readTree(json.body()).path("code").asInt()).isEqualTo(3);
		assertThat(badGzip.status()).isEqualTo(400);
		assertThat(snapshot(OtlpSignal.TRACES).refused().get(Refusal.MALFORMED)).isEqualTo(3);
	}

	@Test
	void bodiesAboveTheLimitAre413AsReceivedAndAfterDecompression() throws IOException {
		byte[] large = new byte[MAX_BODY + 1];
		byte[] bomb = gzip(new byte[MAX_BODY * 16]); // compresses to a few hundred bytes

		assertThat(receive(OtlpSignal.LOGS, "application/x-protobuf", null, large).status()).isEqualTo(413);
		assertThat(bomb.length).isLessThan(MAX_BODY);
		assertThat(receive(OtlpSignal.LOGS, "application/x-protobuf", "gzip", bomb).status()).isEqualTo(413);
		assertThat(this.receiver.tooLarge(OtlpSignal.LOGS, "application/json").status()).isEqualTo(413);
		assertThat(snapshot(OtlpSignal.LOGS).refused().get(Refusal.TOO_LARGE)).isEqualTo(3);
		assertThat(this.budget.used()).isZero();
	}

	@Test
	void aFullBufferIs503WithRetryAfterAndTheItemsAreCounted() {
		assertThat(this.budget.tryReserve(this.budget.capacity() - 10)).isTrue(); // the logs filled it

		OtlpAnswer answer = receive(OtlpSignal.TRACES, "application/x-protobuf", null,
				SdkPayloads.protobuf(OtlpSignal.TRACES, 2, "s"));

		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.retryAfterSeconds()).isEqualTo(OtlpReceiver.RETRY_AFTER_SECONDS);
		SignalSnapshot traces = snapshot(OtlpSignal.TRACES);
		assertThat(traces.lane().dropped().get(DropReason.BUFFER_FULL)).isEqualTo(2);
		assertThat(traces.lane().received()).isEqualTo(traces.lane().accepted() + traces.lane().droppedAtIngest());
		assertThat(this.buffered).hasValue(0);
	}

	@Test
	void afterShutdownRequestsAre503AndCountedAsRefusedAtShutdown() {
		this.relay.queue(OtlpSignal.TRACES).close();

		OtlpAnswer answer = receive(OtlpSignal.TRACES, "application/x-protobuf", null,
				SdkPayloads.protobuf(OtlpSignal.TRACES, 1, "s"));

		assertThat(answer.status()).isEqualTo(503);
		assertThat(snapshot(OtlpSignal.TRACES).lane().dropped().get(DropReason.SHUT_DOWN)).isEqualTo(1);
	}

	@Test
	void anEmptyExportIsASuccessWithNothingQueued() {
		assertThat(receive(OtlpSignal.TRACES, "application/x-protobuf", null, new byte[0]).status()).isEqualTo(200);
		assertThat(receive(OtlpSignal.TRACES, "application/json", null, "{}".getBytes()).status()).isEqualTo(200);
		assertThat(this.relay.queue(OtlpSignal.TRACES).hasQueued()).isFalse();
		assertThat(this.buffered).hasValue(0);
	}

	@Test
	void everyRequestIsCountedWithItsBytes() {
		byte[] body = SdkPayloads.protobuf(OtlpSignal.TRACES, 1, "s");
		receive(OtlpSignal.TRACES, "application/x-protobuf", null, body);
		receive(OtlpSignal.TRACES, "text/plain", null, body);

		assertThat(snapshot(OtlpSignal.TRACES).requests()).isEqualTo(2);
		assertThat(snapshot(OtlpSignal.TRACES).requestBytes()).isEqualTo(2L * body.length);
	}

	private OtlpAnswer receive(OtlpSignal signal, String contentType, String encoding, byte[] body) {
		return this.receiver.receive(signal, contentType, encoding, body);
	}

	private SignalSnapshot snapshot(OtlpSignal signal) {
		return this.relay.snapshot().signals().get(signal);
	}

	static byte[] gzip(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(body);
		}
		return out.toByteArray();
	}

}
