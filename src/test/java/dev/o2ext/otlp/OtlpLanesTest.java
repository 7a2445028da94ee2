package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.config.OpenObserveSettings;
import dev.o2ext.config.OtlpSettings;
import dev.o2ext.config.Secret;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.Lane;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.Outcome;
import dev.o2ext.shipping.OutcomeClassifier;
import dev.o2ext.shipping.RetrySchedule;
import dev.o2ext.shipping.RetryingSender;
import dev.o2ext.shipping.Sink;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

class OtlpLanesTest {

	private static final String SECRET = "Basic dG9wLXNlY3JldA==";

	private final ByteBudget budget = new ByteBudget(1024 * 1024);

	private final InMemoryPipelineMetrics pipeline = new InMemoryPipelineMetrics(java.time.Clock.systemUTC());

	private final OtlpRelay relay = new OtlpRelay(this.budget, 256 * 1024, this.pipeline);

	private final OtlpReceiver receiver = new OtlpReceiver(this.relay, JsonMapper.builder().build(), (signal) -> {
	}, 256 * 1024);

	private final RecordingSink sink = new RecordingSink();

	private final List<Duration> sleeps = new ArrayList<>();

	private final OtlpLanes forwarder = lanes(64 * 1024);

	@Test
	void mergesTheQueuedExportsOfEachSignalIntoOneRequestInTheFlushOrder() throws Exception {
		receiveProtobuf(OtlpSignal.METRICS, 2, "m");
		receiveProtobuf(OtlpSignal.TRACES, 3, "a");
		receiveProtobuf(OtlpSignal.LOGS, 1, "l");
		receiveProtobuf(OtlpSignal.TRACES, 2, "b");

		FlushResult result = flush();

		assertThat(result.drained()).isTrue();
		assertThat(result.shipped()).isEqualTo(8);
		assertThat(this.sink.requests).extracting(Sent::signal)
			.containsExactly(OtlpSignal.TRACES, OtlpSignal.LOGS, OtlpSignal.METRICS);
		Sent traces = this.sink.requests.get(0);
		assertThat(traces.exports()).isEqualTo(2);
		assertThat(traces.items()).isEqualTo(5);
		ExportTraceServiceRequest decoded = ExportTraceServiceRequest.parseFrom(gunzip(traces.gzippedBody()));
		assertThat(decoded.getResourceSpansCount()).isEqualTo(2);
		SignalSnapshot snapshot = snapshot(OtlpSignal.TRACES);
		assertThat(snapshot.lane().shipped()).isEqualTo(5);
		assertThat(snapshot.lane().shippedEntries()).isEqualTo(2);
		assertThat(snapshot.lane().sentRequests()).isEqualTo(1);
		assertThat(snapshot.lane().sentBytes()).isEqualTo(traces.gzippedBody().length);
		assertThat(this.budget.used()).isZero();
		assertInvariant();
	}

	@Test
	void jsonAndProtobufExportsGoInSeparateRequests() {
		receiveProtobuf(OtlpSignal.LOGS, 1, "p");
		receive(OtlpSignal.LOGS, "application/json", SdkPayloads.json(OtlpSignal.LOGS, 2, "j"));
		receive(OtlpSignal.LOGS, "application/json", SdkPayloads.json(OtlpSignal.LOGS, 3, "k"));

		flush();

		assertThat(this.sink.requests).extracting(Sent::encoding)
			.containsExactly(OtlpEncoding.PROTOBUF, OtlpEncoding.JSON);
		assertThat(this.sink.requests.get(1).items()).isEqualTo(5);
		assertThat(new String(gunzip(this.sink.requests.get(1).gzippedBody()))).startsWith("{\"resourceLogs\":[{");
	}

	@Test
	void requestsStayBelowTheBatchBound() {
		OtlpLanes small = lanes(SdkPayloads.protobuf(OtlpSignal.TRACES, 10, "x").length + 10);
		for (int i = 0; i < 4; i++) {
			receiveProtobuf(OtlpSignal.TRACES, 10, "x");
		}

		flush(small);

		assertThat(this.sink.requests).hasSize(4).allSatisfy((r) -> assertThat(r.exports()).isEqualTo(1));
	}

	@Test
	void itemsRefusedInPartialSuccessAreCountedAsRejectedByTheServer() {
		receiveProtobuf(OtlpSignal.LOGS, 5, "l");
		this.sink.answers.add((request) -> new Outcome.Accepted(3, 2, "too old " + SECRET));

		flush();

		SignalSnapshot logs = snapshot(OtlpSignal.LOGS);
		assertThat(logs.lane().shipped()).isEqualTo(3);
		assertThat(logs.lane().dropped().get(DropReason.REJECTED_BY_SERVER)).isEqualTo(2);
		assertThat(logs.lane().failedAttempts().get(FailureKind.PARTIAL)).isEqualTo(1);
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
		assertThat(this.sink.requests).filteredOn((r) -> r.signal() == OtlpSignal.TRACES).hasSize(4);
		assertThat(this.sink.requests).as("the metrics lane does not wait for the traces lane").hasSize(5);
		assertThat(snapshot(OtlpSignal.METRICS).lane().shipped()).isEqualTo(1);
		assertThat(this.sleeps).hasSize(3);
		assertThat(snapshot(OtlpSignal.TRACES).lane().retries()).isEqualTo(3);
		assertThat(snapshot(OtlpSignal.TRACES).queue().count()).isEqualTo(2);
		assertInvariant();

		FlushResult recovered = flush();

		assertThat(recovered.drained()).isTrue();
		assertThat(snapshot(OtlpSignal.TRACES).lane().shipped()).isEqualTo(2);
		assertThat(snapshot(OtlpSignal.METRICS).lane().shipped()).isEqualTo(1);
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
		assertThat(traces.lane().shipped()).isEqualTo(3);
		assertThat(traces.lane().dropped().get(DropReason.REJECTED_FINAL_STATUS)).isEqualTo(1);
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

		this.sink.defaultAnswer = OtlpLanesTest::accepted;
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
		assertThat(snapshot(OtlpSignal.LOGS).lane().dropped().get(DropReason.REJECTED_FINAL_STATUS)).isEqualTo(3);
		assertThat(this.sink.requests).hasSize(1);
		assertInvariant();
	}

	@Test
	void nothingIsSentOnceTheCapHasPassed() {
		receiveProtobuf(OtlpSignal.TRACES, 1, "a");
		for (OtlpSignal signal : OtlpSignal.values()) {
			this.forwarder.of(signal).limitTo(Deadline.after(Duration.ZERO, NanoClock.SYSTEM));
		}

		FlushResult result = flush();

		assertThat(result.drained()).isFalse();
		assertThat(this.sink.requests).isEmpty();
		assertThat(this.forwarder.of(OtlpSignal.TRACES).hasQueued()).isTrue();
	}

	@Test
	void shutdownCountsWhatIsStillQueuedAsUnsentOnce() {
		receiveProtobuf(OtlpSignal.TRACES, 2, "a");
		receiveProtobuf(OtlpSignal.LOGS, 3, "l");

		for (int i = 0; i < 2; i++) {
			for (OtlpSignal signal : OtlpSignal.values()) {
				this.forwarder.of(signal).closeAtShutdown();
			}
		}

		assertThat(snapshot(OtlpSignal.TRACES).lane().dropped().get(DropReason.UNSENT_AT_SHUTDOWN)).isEqualTo(2);
		assertThat(snapshot(OtlpSignal.LOGS).lane().dropped().get(DropReason.UNSENT_AT_SHUTDOWN)).isEqualTo(3);
		assertThat(ORDER.stream().anyMatch((signal) -> this.forwarder.of(signal).hasQueued())).isFalse();
		assertThat(this.budget.used()).isZero();
		assertInvariant();
	}

	/** The lanes as {@code OtlpConfiguration} builds them, with the recording sink. */
	private OtlpLanes lanes(long batchMaxBytes) {
		Function<OtlpSignal, Lane<Export>> lane = (signal) -> new Lane<>(signal.key(), signal.key() + " items",
				this.relay.queue(signal), this.sink.of(signal),
				new RetryingSender(new RetrySchedule(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0),
						this.sleeps::add, () -> 0.5, this.relay.queue(signal).counters()),
				dev.o2ext.shipping.Circuit.never(this.relay.queue(signal).counters()),
				this.pipeline, NanoClock.SYSTEM, Integer.MAX_VALUE, batchMaxBytes, Duration.ofSeconds(1),
				List.of(new Secret(SECRET)));
		return new OtlpLanes(lane.apply(OtlpSignal.TRACES), lane.apply(OtlpSignal.LOGS), lane.apply(OtlpSignal.METRICS));
	}

	/** The flush order of the configuration: traces, logs, metrics. */
	private static final List<OtlpSignal> ORDER = List.of(OtlpSignal.TRACES, OtlpSignal.LOGS, OtlpSignal.METRICS);

	private FlushResult flush() {
		return flush(this.forwarder);
	}

	/** Flushes the lanes as the coordinator does, one after the other within one deadline. */
	private static FlushResult flush(OtlpLanes lanes) {
		Deadline deadline = Deadline.after(Duration.ofSeconds(5), NanoClock.SYSTEM);
		long shipped = 0;
		boolean drained = true;
		for (OtlpSignal signal : ORDER) {
			FlushResult result = lanes.of(signal).flush(FlushTrigger.END_OF_INVOCATION, deadline);
			shipped += result.shipped();
			drained &= result.drained();
		}
		return new FlushResult(shipped, drained);
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
			assertThat(s.lane().accepted()).as("accepted = forwarded + dropped after acceptance + queued")
				.isEqualTo(s.lane().shipped() + s.lane().droppedAfterAcceptance() + s.queue().count());
			assertThat(s.lane().received()).isEqualTo(s.lane().accepted() + s.lane().droppedAtIngest());
		}
	}

	private static boolean containsExport(Sent request, String spanName) {
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

	private static Outcome accepted(Sent request) {
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

	/**
	 * One request as a sink saw it.
	 * @param exports SDK exports merged into it
	 * @param items spans, log records or data points in it
	 */
	record Sent(OtlpSignal signal, OtlpEncoding encoding, byte[] gzippedBody, int exports, int items) {
	}

	/**
	 * Records every request of every signal's lane; answers from the script, then with the default
	 * (all accepted). Bodies and splitting are the production sink's.
	 */
	private static final class RecordingSink {

		final List<Sent> requests = new ArrayList<>();

		final ArrayDeque<Function<Sent, Outcome>> answers = new ArrayDeque<>();

		Function<Sent, Outcome> defaultAnswer = OtlpLanesTest::accepted;

		Sink<Export> of(OtlpSignal signal) {
			OpenObserveOtlpSink real = new OpenObserveOtlpSink(signal,
					new OpenObserveClient(WebClient.create(), new Secret(SECRET)),
					new OutcomeClassifier(JsonMapper.builder().build()), JsonMapper.builder().build(),
					new OpenObserveSettings(URI.create("http://127.0.0.1:1"), "org", "logs", new Secret(SECRET),
							Duration.ofSeconds(1)),
					new OtlpSettings(true, 0, DataSize.ofKilobytes(256), "otel_traces", "otel_logs", Map.of()));
			return new Sink<>() {

				@Override
				public byte[] encode(Batch<Export> batch) {
					return real.encode(batch);
				}

				@Override
				public Mono<Outcome> send(Batch<Export> batch, byte[] body, Duration timeout) {
					return Mono.fromSupplier(() -> answer(new Sent(signal, batch.entries().get(0).encoding(), body,
							batch.size(), (int) batch.count())));
				}

				@Override
				public boolean splits(Outcome outcome) {
					return real.splits(outcome);
				}

			};
		}

		private Outcome answer(Sent request) {
			this.requests.add(request);
			Function<Sent, Outcome> answer = this.answers.poll();
			return ((answer != null) ? answer : this.defaultAnswer).apply(request);
		}

	}

}
