package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.config.Secret;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.Outcome;
import dev.o2ext.shipping.RetrySchedule;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OtlpForwarderTest {

	private static final String SECRET = "Basic dG9wLXNlY3JldA==";

	private final ByteBudget budget = new ByteBudget(1024 * 1024);

	private final OtlpRelay relay = new OtlpRelay(this.budget, 256 * 1024);

	private final OtlpReceiver receiver = new OtlpReceiver(this.relay, JsonMapper.builder().build(), () -> {
	}, 256 * 1024);

	private final RecordingSink sink = new RecordingSink();

	private final List<Duration> sleeps = new ArrayList<>();

	private final InMemoryPipelineMetrics pipeline = new InMemoryPipelineMetrics(java.time.Clock.systemUTC());

	private final OtlpForwarder forwarder = forwarder(64 * 1024);

	@Test
	void mergesTheQueuedExportsOfEachSignalIntoOneRequestInTheFlushOrder() throws Exception {
		receiveProtobuf(OtlpSignal.METRICS, 2, "m");
		receiveProtobuf(OtlpSignal.TRACES, 3, "a");
		receiveProtobuf(OtlpSignal.LOGS, 1, "l");
		receiveProtobuf(OtlpSignal.TRACES, 2, "b");

		FlushResult result = flush();

		assertThat(result.drained()).isTrue();
		assertThat(result.shipped()).isEqualTo(8);
		assertThat(this.sink.requests).extracting(ForwardRequest::signal)
			.containsExactly(OtlpSignal.TRACES, OtlpSignal.LOGS, OtlpSignal.METRICS);
		ForwardRequest traces = this.sink.requests.get(0);
		assertThat(traces.exports()).isEqualTo(2);
		assertThat(traces.items()).isEqualTo(5);
		ExportTraceServiceRequest decoded = ExportTraceServiceRequest.parseFrom(gunzip(traces.gzippedBody()));
		assertThat(decoded.getResourceSpansCount()).isEqualTo(2);
		SignalSnapshot snapshot = snapshot(OtlpSignal.TRACES);
		assertThat(snapshot.forwardedItems()).isEqualTo(5);
		assertThat(snapshot.forwardedExports()).isEqualTo(2);
		assertThat(snapshot.sentRequests()).isEqualTo(1);
		assertThat(snapshot.sentBytes()).isEqualTo(traces.gzippedBody().length);
		assertThat(this.budget.used()).isZero();
		assertInvariant();
	}

	@Test
	void jsonAndProtobufExportsGoInSeparateRequests() {
		receiveProtobuf(OtlpSignal.LOGS, 1, "p");
		receive(OtlpSignal.LOGS, "application/json", SdkPayloads.json(OtlpSignal.LOGS, 2, "j"));
		receive(OtlpSignal.LOGS, "application/json", SdkPayloads.json(OtlpSignal.LOGS, 3, "k"));

		flush();

		assertThat(this.sink.requests).extracting(ForwardRequest::encoding)
			.containsExactly(OtlpEncoding.PROTOBUF, OtlpEncoding.JSON);
		assertThat(this.sink.requests.get(1).items()).isEqualTo(5);
		assertThat(new String(gunzip(this.sink.requests.get(1).gzippedBody()))).startsWith("{\"resourceLogs\":[{");
	}

	@Test
	void requestsStayBelowTheBatchBound() {
		OtlpForwarder small = forwarder(SdkPayloads.protobuf(OtlpSignal.TRACES, 10, "x").length + 10);
		for (int i = 0; i < 4; i++) {
			receiveProtobuf(OtlpSignal.TRACES, 10, "x");
		}

		small.flush(FlushTrigger.END_OF_INVOCATION, Deadline.after(Duration.ofSeconds(5), NanoClock.SYSTEM));

		assertThat(this.sink.requests).hasSize(4).allSatisfy((r) -> assertThat(r.exports()).isEqualTo(1));
	}

	@Test
	void itemsRefusedInPartialSuccessAreCountedAsRejectedByTheServer() {
		receiveProtobuf(OtlpSignal.LOGS, 5, "l");
		this.sink.answers.add((request) -> new Outcome.Accepted(3, 2, "too old " + SECRET));

		flush();

		SignalSnapshot logs = snapshot(OtlpSignal.LOGS);
		assertThat(logs.forwardedItems()).isEqualTo(3);
		assertThat(logs.dropped().get(DropReason.REJECTED_BY_SERVER)).isEqualTo(2);
		assertThat(logs.failedAttempts().get(FailureKind.PARTIAL)).isEqualTo(1);
		assertThat(this.pipeline.snapshot().lastError().description()).contains("refused 2 of 5").doesNotContain(SECRET);
		assertInvariant();
	}

	@Test
	void aFailingServerIsRetriedThenTheBatchWaitsAtTheFrontForTheNextFlush() {
		receiveProtobuf(OtlpSignal.TRACES, 2, "a");
		receiveProtobuf(OtlpSignal.METRICS, 1, "m");
		for (int i = 0; i < 4; i++) {
			this.sink.answers.add((request) -> new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 503", null));
		}

		FlushResult failed = flush();

		assertThat(failed.drained()).isFalse();
		assertThat(this.sink.requests).hasSize(4).allSatisfy((r) -> assertThat(r.signal()).isEqualTo(OtlpSignal.TRACES));
		assertThat(this.sleeps).hasSize(3);
		assertThat(snapshot(OtlpSignal.TRACES).retries()).isEqualTo(3);
		assertThat(snapshot(OtlpSignal.TRACES).queue().items()).isEqualTo(2);
		assertInvariant();

		FlushResult recovered = flush();

		assertThat(recovered.drained()).isTrue();
		assertThat(snapshot(OtlpSignal.TRACES).forwardedItems()).isEqualTo(2);
		assertThat(snapshot(OtlpSignal.METRICS).forwardedItems()).isEqualTo(1);
		assertInvariant();
	}

	@Test
	void aMergedRequestRefusedWith400IsSplitSoOnlyTheBadExportIsLost() {
		for (int i = 0; i < 4; i++) {
			receiveProtobuf(OtlpSignal.TRACES, 1, "s" + i);
		}
		byte[] bad = SdkPayloads.protobuf(OtlpSignal.TRACES, 1, "s2");
		this.sink.defaultAnswer = (request) -> containsExport(request, "s2")
				? new Outcome.Final(400, "HTTP 400: invalid span") : accepted(request);

		flush();

		assertThat(bad).isNotEmpty();
		SignalSnapshot traces = snapshot(OtlpSignal.TRACES);
		assertThat(traces.forwardedItems()).isEqualTo(3);
		assertThat(traces.dropped().get(DropReason.REJECTED_FINAL_STATUS)).isEqualTo(1);
		assertThat(this.sink.requests.get(0).exports()).isEqualTo(4);
		assertInvariant();
	}

	@Test
	void halvesThatAreKeptReturnToTheirQueueInTheirOriginalOrder() throws Exception {
		for (int i = 0; i < 4; i++) {
			receiveProtobuf(OtlpSignal.TRACES, 1, "s" + i);
		}
		this.sink.defaultAnswer = (request) -> (request.exports() > 1) ? new Outcome.TooLarge()
				: new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP 503", null);

		assertThat(flush().drained()).isFalse();
		assertInvariant();

		this.sink.defaultAnswer = OtlpForwarderTest::accepted;
		this.sink.requests.clear();
		assertThat(flush().drained()).isTrue();

		ExportTraceServiceRequest resent = ExportTraceServiceRequest
			.parseFrom(gunzip(this.sink.requests.get(0).gzippedBody()));
		assertThat(resent.getResourceSpansList().stream()
			.flatMap((r) -> r.getScopeSpansList().stream())
			.flatMap((scope) -> scope.getSpansList().stream())
			.map((span) -> span.getName().substring(0, 2)))
			.containsExactly("s0", "s1", "s2", "s3");
		assertInvariant();
	}

	@Test
	void aSingleExportRefusedAsTooLargeIsDropped() {
		receiveProtobuf(OtlpSignal.LOGS, 3, "l");
		this.sink.answers.add((request) -> new Outcome.TooLarge());

		FlushResult result = flush();

		assertThat(result.drained()).isTrue();
		assertThat(snapshot(OtlpSignal.LOGS).dropped().get(DropReason.REJECTED_FINAL_STATUS)).isEqualTo(3);
		assertThat(this.sink.requests).hasSize(1);
		assertInvariant();
	}

	@Test
	void nothingIsSentOnceTheCapHasPassed() {
		receiveProtobuf(OtlpSignal.TRACES, 1, "a");
		this.forwarder.limitTo(Deadline.after(Duration.ZERO, NanoClock.SYSTEM));

		FlushResult result = flush();

		assertThat(result.drained()).isFalse();
		assertThat(this.sink.requests).isEmpty();
		assertThat(this.forwarder.hasQueued()).isTrue();
	}

	@Test
	void shutdownCountsWhatIsStillQueuedAsUnsentOnce() {
		receiveProtobuf(OtlpSignal.TRACES, 2, "a");
		receiveProtobuf(OtlpSignal.LOGS, 3, "l");

		this.forwarder.closeAtShutdown();
		this.forwarder.closeAtShutdown();

		assertThat(snapshot(OtlpSignal.TRACES).dropped().get(DropReason.UNSENT_AT_SHUTDOWN)).isEqualTo(2);
		assertThat(snapshot(OtlpSignal.LOGS).dropped().get(DropReason.UNSENT_AT_SHUTDOWN)).isEqualTo(3);
		assertThat(this.forwarder.hasQueued()).isFalse();
		assertThat(this.budget.used()).isZero();
		assertInvariant();
	}

	private OtlpForwarder forwarder(long batchMaxBytes) {
		return new OtlpForwarder(this.relay, this.sink,
				new RetrySchedule(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0), this.sleeps::add,
				() -> 0.5, this.pipeline, NanoClock.SYSTEM, batchMaxBytes, List.of(new Secret(SECRET)));
	}

	private FlushResult flush() {
		return this.forwarder.flush(FlushTrigger.END_OF_INVOCATION,
				Deadline.after(Duration.ofSeconds(5), NanoClock.SYSTEM));
	}

	private void receiveProtobuf(OtlpSignal signal, int items, String prefix) {
		receive(signal, "application/x-protobuf", SdkPayloads.protobuf(signal, items, prefix));
	}

	private void receive(OtlpSignal signal, String contentType, byte[] body) {
		assertThat(this.receiver.receive(signal, contentType, null, body).status()).isEqualTo(200);
	}

	private SignalSnapshot snapshot(OtlpSignal signal) {
		return this.relay.snapshot().signals().get(signal);
	}

	private void assertInvariant() {
		for (SignalSnapshot s : this.relay.snapshot().signals().values()) {
			assertThat(s.acceptedItems()).as("accepted = forwarded + dropped after acceptance + queued")
				.isEqualTo(s.forwardedItems() + s.droppedAfterAcceptance() + s.queue().items());
			assertThat(s.receivedItems()).isEqualTo(s.acceptedItems() + s.droppedAtIngest());
		}
	}

	private static boolean containsExport(ForwardRequest request, String spanName) {
		try {
			return ExportTraceServiceRequest.parseFrom(gunzip(request.gzippedBody())).getResourceSpansList().stream()
				.flatMap((r) -> r.getScopeSpansList().stream())
				.flatMap((s) -> s.getSpansList().stream())
				.anyMatch((span) -> span.getName().startsWith(spanName));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Outcome accepted(ForwardRequest request) {
		return new Outcome.Accepted(request.items(), 0, null);
	}

	static byte[] gunzip(byte[] body) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Records every request; answers from the script, then with the default (all accepted). */
	private static final class RecordingSink implements OtlpSink {

		final List<ForwardRequest> requests = new ArrayList<>();

		final ArrayDeque<Function<ForwardRequest, Outcome>> answers = new ArrayDeque<>();

		Function<ForwardRequest, Outcome> defaultAnswer = OtlpForwarderTest::accepted;

		@Override
		public Outcome send(ForwardRequest request, Duration timeout) {
			this.requests.add(request);
			Function<ForwardRequest, Outcome> answer = this.answers.poll();
			return ((answer != null) ? answer : this.defaultAnswer).apply(request);
		}

		@Override
		public Duration requestTimeout() {
			return Duration.ofSeconds(1);
		}

	}

}
