package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.o2ext.config.Secret;
import dev.o2ext.http.NettyResources;
import dev.o2ext.metrics.DropReason;
import io.opentelemetry.exporter.internal.http.HttpExporter;
import io.opentelemetry.exporter.internal.http.HttpExporterBuilder;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay over real HTTP, in this JVM: the OpenTelemetry Java SDK exports to the receiver,
 * the forwarder delivers to a fake OpenObserve through the production WebClient, and the fake
 * decodes what arrived with the OpenTelemetry proto classes.
 */
class OtlpRelayHttpIT {

	private static final String AUTH = "Basic cmVsYXktdGVzdDpzZWNyZXQ=";

	private final FakeOtlpOpenObserve fake = FakeOtlpOpenObserve.start(AUTH);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private InProcessRelay relay = new InProcessRelay(this.fake, AUTH);

	@AfterEach
	void close() {
		this.relay.close();
		this.fake.close();
	}

	@Test
	void sdkExportsOfAllThreeSignalsReachOpenObserveWithTheRightPathsAndHeaders() {
		try (SdkClient sdk = new SdkClient(this.relay.endpoint(), true, false)) {
			sdk.record(5, "first");
			assertThat(sdk.flush()).as("the SDK's exports were answered with success").isTrue();
			sdk.record(3, "second");
			assertThat(sdk.flush()).isTrue();
		}

		assertThat(this.relay.flush().drained()).isTrue();

		assertThat(this.fake.names(OtlpSignal.TRACES)).containsExactly("first-0", "first-1", "first-2", "first-3",
				"first-4", "second-0", "second-1", "second-2");
		assertThat(this.fake.names(OtlpSignal.LOGS)).hasSize(8).startsWith("first-0").endsWith("second-2");
		assertThat(this.fake.names(OtlpSignal.METRICS)).contains("relay.test.counter");
		List<FakeOtlpOpenObserve.Received> received = this.fake.received();
		assertThat(received).extracting(FakeOtlpOpenObserve.Received::signal)
			.containsExactly(OtlpSignal.TRACES, OtlpSignal.LOGS, OtlpSignal.METRICS);
		assertThat(received).allSatisfy((r) -> {
			assertThat(r.organization()).isEqualTo(InProcessRelay.ORGANIZATION);
			assertThat(r.headers()).containsEntry("content-type", "application/x-protobuf")
				.containsEntry("content-encoding", "gzip")
				.containsEntry("authorization", AUTH);
			assertThat(r.resources()).as("every SDK export of the signal merged into one request")
				.isEqualTo(this.relay.snapshot(r.signal()).lane().acceptedEntries());
		});
		assertThat(received.get(0).headers()).containsEntry("stream-name", "otel_traces");
		assertThat(received.get(1).headers()).containsEntry("stream-name", "otel_logs");
		assertThat(received.get(2).headers()).doesNotContainKey("stream-name");
		for (OtlpSignal signal : OtlpSignal.values()) {
			SignalSnapshot counters = this.relay.snapshot(signal);
			assertThat(counters.lane().shipped()).as(signal + " forwarded").isEqualTo(this.fake.items(signal));
			assertThat(counters.lane().acceptedEntries()).isGreaterThanOrEqualTo(2);
			assertThat(counters.lane().sentRequests()).isEqualTo(1);
		}
		assertThat(this.budget()).isZero();
	}

	@Test
	void jsonExportsOfTheSdksEncoderAreRelayedAsJsonWithoutCharset() {
		exportJson("/v1/traces", StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER,
				TraceRequestMarshaler.create(SdkPayloads.spans(4, "json-span")), 4);
		exportJson("/v1/logs", StandardComponentId.ExporterType.OTLP_HTTP_JSON_LOG_EXPORTER,
				LogsRequestMarshaler.create(SdkPayloads.logs(2, "json-log")), 2);
		exportJson("/v1/metrics", StandardComponentId.ExporterType.OTLP_HTTP_JSON_METRIC_EXPORTER,
				MetricsRequestMarshaler.create(SdkPayloads.metrics(3, "json.metric")), 3);

		this.relay.flush();

		assertThat(this.fake.names(OtlpSignal.TRACES)).containsExactly("json-span-0", "json-span-1", "json-span-2",
				"json-span-3");
		assertThat(this.fake.names(OtlpSignal.LOGS)).containsExactly("json-log-0", "json-log-1");
		assertThat(this.fake.items(OtlpSignal.METRICS)).isEqualTo(3);
		assertThat(this.fake.received()).allSatisfy(
				(r) -> assertThat(r.headers()).containsEntry("content-type", "application/json"));
	}

	@Test
	void partialSuccessAnswersAreCountedAsRejectedItems() {
		try (SdkClient sdk = new SdkClient(this.relay.endpoint(), false, false)) {
			sdk.record(6, "old");
			assertThat(sdk.flush()).isTrue();
		}
		this.fake.rejectNext(2);

		this.relay.flush();

		SignalSnapshot traces = this.relay.snapshot(OtlpSignal.TRACES);
		assertThat(traces.lane().shipped()).isEqualTo(4);
		assertThat(traces.lane().dropped().get(DropReason.REJECTED_BY_SERVER)).isEqualTo(2);
		assertThat(this.relay.pipeline.snapshot().lastError().description())
			.contains("refused 2 of 6 traces items: Too old data");
	}

	@Test
	void openObserveFailingThenRecoveringLosesNothing() {
		try (SdkClient sdk = new SdkClient(this.relay.endpoint(), true, false)) {
			sdk.record(3, "outage");
			assertThat(sdk.flush()).isTrue();
			this.fake.failAlways(503);
			assertThat(this.relay.flush().drained()).as("nothing delivered during the outage").isFalse();
			sdk.record(2, "during");
			assertThat(sdk.flush()).as("the SDK is still answered during the outage").isTrue();
		}
		this.fake.recover();
		this.fake.failNext(2, 502); // still flaky: the retries cover it

		assertThat(this.relay.flush().drained()).isTrue();

		assertThat(this.fake.names(OtlpSignal.TRACES)).containsExactly("outage-0", "outage-1", "outage-2", "during-0",
				"during-1");
		assertThat(this.fake.names(OtlpSignal.LOGS)).hasSize(5);
		assertThat(this.relay.snapshot(OtlpSignal.TRACES).lane().retries()).isGreaterThanOrEqualTo(3);
		assertThat(this.budget()).isZero();
	}

	@Test
	void aFullBufferAnswers503AtOnceAndTheSdkIsNotHeldUp() throws Exception {
		this.relay.close();
		this.relay = new InProcessRelay(this.fake, AUTH, 4096, 4096, Map.of());
		assertThat(this.relay.budget.tryReserve(4000)).isTrue(); // the logs filled the shared budget

		long start = System.nanoTime();
		try (SdkClient sdk = new SdkClient(this.relay.endpoint(), false, false)) {
			sdk.record(3, "full");
			sdk.flush(); // the batch processors report success whatever the exporter got
		}
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		SignalSnapshot traces = this.relay.snapshot(OtlpSignal.TRACES);
		assertThat(traces.refused().get(Refusal.UNAVAILABLE)).isGreaterThanOrEqualTo(1);
		assertThat(traces.lane().dropped().get(DropReason.BUFFER_FULL)).isEqualTo(3);
		HttpResponse<byte[]> raw = post("/v1/traces", "application/x-protobuf", null,
				SdkPayloads.protobuf(OtlpSignal.TRACES, 1, "x"));
		assertThat(raw.statusCode()).isEqualTo(503);
		assertThat(raw.headers().firstValue("retry-after")).hasValue("1");
		System.out.println("SDK flush of three signals against a full buffer took " + tookMillis + " ms");
	}

	@Test
	void malformedOversizedAndForeignRequestsGetTheirStatuses() throws Exception {
		HttpResponse<byte[]> garbage = post("/v1/logs", "application/x-protobuf", null, new byte[] { 0x0A, 0x09, 1 });
		HttpResponse<byte[]> json = post("/v1/metrics", "application/json", null, "{\"resourceMetrics\":".getBytes());
		HttpResponse<byte[]> text = post("/v1/traces", "text/plain", null, "hello".getBytes());
		HttpResponse<byte[]> oversized = post("/v1/traces", "application/x-protobuf", null, new byte[1024 * 1024 + 1]);
		HttpResponse<byte[]> chunked = this.http.send(HttpRequest.newBuilder(URI.create(this.relay.endpoint() + "/v1/traces"))
			.header("Content-Type", "application/x-protobuf")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2 * 1024 * 1024])))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<byte[]> unknownPath = post("/v1/profiles", "application/x-protobuf", null, new byte[0]);

		assertThat(garbage.statusCode()).isEqualTo(400);
		assertThat(garbage.headers().firstValue("content-type")).hasValue("application/x-protobuf");
		assertThat(json.statusCode()).isEqualTo(400);
		assertThat(JsonMapper.builder().build().readTree(json.body()).path("code").asInt()).isEqualTo(3);
		assertThat(text.statusCode()).isEqualTo(415);
		assertThat(oversized.statusCode()).isEqualTo(413);
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(unknownPath.statusCode()).isEqualTo(404);
		assertThat(this.budget()).isZero();
		assertThat(post("/v1/traces", "application/x-protobuf", "gzip",
				OtlpReceiverTest.gzip(SdkPayloads.protobuf(OtlpSignal.TRACES, 1, "after"))).statusCode())
			.as("still serving after bad input").isEqualTo(200);
	}

	@Test
	void theExportersAuthorizationHeaderReplacesTheExtensionsOne() {
		this.relay.close();
		this.fake.close();
		String userAuth = "Basic dXNlcjpvdGVs";
		try (FakeOtlpOpenObserve userFake = FakeOtlpOpenObserve.start(userAuth);
				InProcessRelay userRelay = new InProcessRelay(userFake, AUTH, 1 << 20, 1 << 16,
						Map.of("authorization", new Secret(userAuth), "x-scope", new Secret("team-a")))) {
			this.relay = userRelay;
			try (SdkClient sdk = new SdkClient(userRelay.endpoint(), false, false)) {
				sdk.record(1, "auth");
				assertThat(sdk.flush()).isTrue();
			}
			userRelay.flush();

			assertThat(userFake.received()).hasSize(3).allSatisfy((r) -> assertThat(r.headers())
				.containsEntry("authorization", userAuth).containsEntry("x-scope", "team-a"));
		}
		this.relay = new InProcessRelay(FakeOtlpOpenObserve.start(AUTH), AUTH);
	}

	@Test
	void aTakenPortMeansNoRelayAndNoOtherPort() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			NettyResources netty = new NettyResources();
			OtlpRelay state = new OtlpRelay(new dev.o2ext.buffer.ByteBudget(1024), 1024,
					new dev.o2ext.metrics.InMemoryPipelineMetrics(java.time.Clock.systemUTC()));
			OtlpServer server = OtlpServer.bind(netty, taken.getLocalPort(),
					new OtlpRoutes(new OtlpReceiver(state, JsonMapper.builder().build(), (signal) -> {
					}, 1024)), state);

			assertThat(server.listening()).isFalse();
			assertThat(server.port()).isZero();
			assertThat(state.snapshot().receiver()).isEqualTo("port_taken");
			netty.loops().disposeLater().block(Duration.ofSeconds(5));
		}
	}

	private void exportJson(String path, StandardComponentId.ExporterType type,
			io.opentelemetry.exporter.internal.marshal.Marshaler marshaler, int items) {
		HttpExporter exporter = new HttpExporterBuilder(type, this.relay.endpoint() + path).exportAsJson()
			.setRetryPolicy(null).build();
		try {
			assertThat(exporter.export(marshaler, items).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		}
		finally {
			exporter.shutdown().join(10, TimeUnit.SECONDS);
		}
	}

	private HttpResponse<byte[]> post(String path, String contentType, String encoding, byte[] body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.relay.endpoint() + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (encoding != null) {
			request.header("Content-Encoding", encoding);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private long budget() {
		return this.relay.budget.used();
	}

}
