package dev.o2ext.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.config.Secret;
import dev.o2ext.lifecycle.ExtensionStatus;
import dev.o2ext.metrics.Discard;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.Redaction;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.otlp.OtlpSignal;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.Outcome;
import dev.o2ext.shipping.RetrySchedule;
import dev.o2ext.shipping.RetryingSender;
import dev.o2ext.shipping.Lane;
import dev.o2ext.shipping.Sink;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DiagnosticsDocumentTest {

	private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=";

	private final JsonMapper json = JsonMapper.builder().build();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final ByteBudget budget = new ByteBudget(10_000);

	private final BoundedQueue<byte[]> buffer = BoundedQueue.records(this.budget, 1_000, this.metrics.logs());

	private final ExtensionStatus status = new ExtensionStatus();

	private final OtlpRelay relay = new OtlpRelay(this.budget, 1_000, this.metrics);

	private final DiagnosticsDocument document = new DiagnosticsDocument(this.buffer, this.metrics, this.status, "1.2.3",
			this.relay);

	@Test
	void showsEveryCounterByItsKey() {
		this.status.telemetryPort(4243);
		this.buffer.offer(bytes("{\"n\":1}"));
		// the queue counted that record as received and accepted; two more were refused
		this.metrics.logs().received(2);
		this.metrics.logs().dropped(DropReason.BUFFER_FULL, 2);
		this.metrics.logs().attemptFailed(FailureKind.TIMEOUT);
		this.metrics.logs().flushed(FlushTrigger.END_OF_INVOCATION, Duration.ofMillis(12));
		this.metrics.invocation();

		JsonNode doc = render();

		assertThat(doc.get("version").asString()).isEqualTo("1.2.3");
		assertThat(doc.get("subscription").asString()).isEqualTo("pending");
		assertThat(doc.get("telemetryPort").asInt()).isEqualTo(4243);
		assertThat(doc.get("invocations").asLong()).isEqualTo(1);
		assertThat(doc.at("/buffer/capacityBytes").asLong()).isEqualTo(10_000);
		assertThat(doc.at("/buffer/records").asLong()).isEqualTo(1);
		assertThat(doc.at("/buffer/bytes").asLong()).isEqualTo(7);
		assertThat(doc.at("/buffer/highWaterBytes").asLong()).isEqualTo(7);
		assertThat(doc.at("/buffer/closed").asBoolean()).isFalse();
		assertThat(doc.at("/counters/received").asLong()).isEqualTo(3);
		assertThat(doc.at("/counters/accepted").asLong()).isEqualTo(1);
		assertThat(doc.at("/counters/queued").asLong()).isEqualTo(1);
		assertThat(doc.at("/counters/droppedTotal").asLong()).isEqualTo(2);
		for (DropReason reason : DropReason.values()) {
			assertThat(doc.at("/counters/dropped/" + reason.key()).isNumber()).as(reason.key()).isTrue();
		}
		assertThat(doc.at("/counters/dropped/buffer_full").asLong()).isEqualTo(2);
		assertThat(doc.at("/otlp/receiver").asString()).isEqualTo("starting");
		for (OtlpSignal signal : OtlpSignal.values()) {
			assertThat(doc.at("/otlp/" + signal.key() + "/receivedItems").isNumber()).as(signal.key()).isTrue();
		}
		for (FailureKind kind : FailureKind.values()) {
			assertThat(doc.at("/counters/failedAttempts/" + kind.key()).isNumber()).as(kind.key()).isTrue();
		}
		assertThat(doc.at("/counters/failedAttempts/timeout").asLong()).isEqualTo(1);
		for (Discard discard : Discard.values()) {
			assertThat(doc.at("/counters/discarded/" + discard.key()).isNumber()).as(discard.key()).isTrue();
		}
		for (Redaction preset : Redaction.values()) {
			assertThat(doc.at("/counters/redacted/" + preset.key()).isNumber()).as(preset.key()).isTrue();
		}
		assertThat(doc.at("/flush/count/end_of_invocation").asLong()).isEqualTo(1);
		assertThat(doc.at("/flush/p50Ms").asDouble()).isEqualTo(12.0);
		assertThat(doc.at("/flush/window").asInt()).isEqualTo(1);
		assertThat(doc.get("lastError").isNull()).isTrue();
		assertThat(doc.get("uptimeMs").asLong()).isNotNegative();
	}

	@Test
	void showsWhatWasLeftOutAndRedactedByKey() {
		this.metrics.logs().received(10);
		this.metrics.discarded(Discard.FILTERED_BY_LEVEL, 3);
		this.metrics.discarded(Discard.SAMPLED_OUT, 2);
		this.metrics.redacted(Redaction.EMAIL, 4);
		this.metrics.redacted(Redaction.CUSTOM, 1);

		JsonNode doc = render();

		assertThat(doc.at("/counters/discarded/filtered_by_level").asLong()).isEqualTo(3);
		assertThat(doc.at("/counters/discarded/sampled_out").asLong()).isEqualTo(2);
		assertThat(doc.at("/counters/discarded/filtered_by_type").asLong()).isZero();
		assertThat(doc.at("/counters/redacted/email").asLong()).isEqualTo(4);
		assertThat(doc.at("/counters/redacted/custom").asLong()).isEqualTo(1);
		assertThat(doc.at("/counters/droppedTotal").asLong()).as("not a loss").isZero();
	}

	@Test
	void neverShowsTheSecretNorARecord() {
		this.buffer.offer(bytes("{\"record\":\"a private log line\"}"));
		Lane<byte[]> shipper = new Lane<>("logs", "records", this.buffer,
				new FailingSink("HTTP 400: the header '" + AUTH + "' is not valid"),
				new RetryingSender(new RetrySchedule(0, Duration.ZERO, Duration.ZERO, 2, 0), (d) -> {
				}, () -> 0.5, this.metrics.logs()), dev.o2ext.shipping.Circuit.never(this.metrics.logs()),
				this.metrics, NanoClock.SYSTEM, 10, 1_000, Duration.ofSeconds(1), List.of(new Secret(AUTH)));
		shipper.flush(FlushTrigger.END_OF_INVOCATION, Deadline.after(Duration.ofSeconds(5), NanoClock.SYSTEM));

		String text = new String(this.json.writeValueAsBytes(this.document.build()), StandardCharsets.UTF_8);

		assertThat(text.contains(AUTH)).as("the secret is in the document").isFalse();
		assertThat(text).doesNotContain("a private log line");
		assertThat(render().at("/lastError/description").asString()).contains("****");
		assertThat(render().at("/lastError/time").asString()).isNotEmpty();
	}

	private JsonNode render() {
		return this.json.readTree(this.json.writeValueAsBytes(this.document.build()));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Rejects every batch with the given description. */
	private record FailingSink(String description) implements Sink<byte[]> {

		@Override
		public byte[] encode(Batch<byte[]> batch) {
			return new byte[0];
		}

		@Override
		public Mono<Outcome> send(Batch<byte[]> batch, byte[] body, Duration timeout) {
			return Mono.just(new Outcome.Final(400, this.description));
		}

	}

}
