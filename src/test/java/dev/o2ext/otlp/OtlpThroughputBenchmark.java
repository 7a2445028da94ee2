package dev.o2ext.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.config.OpenObserveSettings;
import dev.o2ext.config.OtlpSettings;
import dev.o2ext.config.Secret;
import dev.o2ext.http.NettyResources;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.LaneCounters;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.OutcomeClassifier;
import dev.o2ext.shipping.RetrySchedule;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures what the relay sustains, in one JVM after warm-up: the OpenTelemetry Java SDK's OTLP
 * exporters (protobuf, no compression: the SDK's default) send batches to the receiver, then
 * the forwarder merges, compresses and posts them to a sink that reads and discards the body.
 * Also compares merged against one-request-per-export forwarding. A program, not a test:
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.cp
 * $JAVA25/bin/java -cp target/classes:target/test-classes:$(cat target/test.cp) dev.o2ext.otlp.OtlpThroughputBenchmark
 * </pre>
 *
 * The receiver runs on the one Netty event-loop thread the extension has; the numbers are for
 * one sequential SDK, as a function has.
 */
public final class OtlpThroughputBenchmark {

	private static final int BATCH = 512;

	private OtlpThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		HttpServer sink = discardingOpenObserve();
		String endpoint = "http://127.0.0.1:" + sink.getAddress().getPort();
		List<SpanData> spans = SdkPayloads.spans(BATCH, "bench-span");
		List<LogRecordData> logs = SdkPayloads.logs(BATCH, "bench-log");
		List<MetricData> metrics = SdkPayloads.metrics(BATCH, "bench.metric");
		System.out.printf("OTLP relay throughput, JDK %s, %d CPUs, exports of %d items, %d s per run%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), BATCH, seconds);
		for (boolean warmUp : new boolean[] { true, false }) {
			for (OtlpSignal signal : OtlpSignal.values()) {
				Relay relay = new Relay(endpoint, 1024 * 1024);
				try {
					Exporter exporter = exporter(signal, relay.endpoint(), spans, logs, metrics);
					Result result = run(relay, exporter, signal, warmUp ? 2 : seconds);
					if (!warmUp) {
						System.out.println(result);
					}
					exporter.shutdown();
				}
				finally {
					relay.close();
				}
			}
		}
		mergingComparison(endpoint);
		sink.stop(0);
		System.exit(0);
	}

	/** Export batches for 20 ms, then flush, until the time is up; items per second overall. */
	private static Result run(Relay relay, Exporter exporter, OtlpSignal signal, int seconds) {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		long receiveNanos = 0;
		long forwardNanos = 0;
		long exports = 0;
		while (System.nanoTime() < end) {
			long burstEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
			long start = System.nanoTime();
			while (System.nanoTime() < burstEnd) {
				if (!exporter.export()) {
					throw new IllegalStateException("export failed");
				}
				exports++;
			}
			long flushStart = System.nanoTime();
			receiveNanos += flushStart - start;
			relay.flush();
			forwardNanos += System.nanoTime() - flushStart;
		}
		SignalSnapshot snapshot = relay.relay.snapshot().signals().get(signal);
		LaneCounters.Snapshot lane = snapshot.lane();
		return new Result(signal, exports, lane.accepted(), lane.shipped(), lane.sentRequests(), snapshot.requestBytes(),
				lane.sentBytes(), receiveNanos, forwardNanos);
	}

	/** 200 small exports (10 spans each) forwarded merged, then one request per export. */
	private static void mergingComparison(String endpoint) {
		byte[] small = SdkPayloads.protobuf(OtlpSignal.TRACES, 10, "small");
		for (long batchMax : new long[] { 1, 1024 * 1024 }) {
			long best = Long.MAX_VALUE;
			long requests = 0;
			for (int round = 0; round < 6; round++) {
				Relay relay = new Relay(endpoint, batchMax);
				try {
					OtlpReceiver receiver = new OtlpReceiver(relay.relay, JsonMapper.builder().build(), (signal) -> {
					}, 1024 * 1024);
					for (int i = 0; i < 200; i++) {
						receiver.receive(OtlpSignal.TRACES, "application/x-protobuf", null, small);
					}
					long start = System.nanoTime();
					relay.flush();
					best = Math.min(best, System.nanoTime() - start);
					requests = relay.relay.snapshot().signals().get(OtlpSignal.TRACES).lane().sentRequests();
				}
				finally {
					relay.close();
				}
			}
			System.out.printf("forward 200 exports of 10 spans, %s: %d requests, %.1f ms (best of 6)%n",
					(batchMax == 1) ? "one request per export" : "merged up to 1 MiB", requests, best / 1e6);
		}
	}

	private static Exporter exporter(OtlpSignal signal, String endpoint, List<SpanData> spans,
			List<LogRecordData> logs, List<MetricData> metrics) {
		return switch (signal) {
			case TRACES -> {
				OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
					.setRetryPolicy(null).build();
				yield new Exporter(() -> exporter.export(spans), exporter::shutdown);
			}
			case LOGS -> {
				OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
					.setEndpoint(endpoint + "/v1/logs").setRetryPolicy(null).build();
				yield new Exporter(() -> exporter.export(logs), exporter::shutdown);
			}
			case METRICS -> {
				OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
					.setEndpoint(endpoint + "/v1/metrics").setRetryPolicy(null).build();
				yield new Exporter(() -> exporter.export(metrics), exporter::shutdown);
			}
		};
	}

	private static HttpServer discardingOpenObserve() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.createContext("/", (exchange) -> {
			try (exchange; InputStream in = exchange.getRequestBody()) {
				in.transferTo(java.io.OutputStream.nullOutputStream());
				exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
			}
		});
		server.start();
		return server;
	}

	private record Exporter(java.util.function.Supplier<CompletableResultCode> send, Runnable close) {

		boolean export() {
			return this.send.get().join(10, TimeUnit.SECONDS).isSuccess();
		}

		void shutdown() {
			this.close.run();
		}

	}

	private record Result(OtlpSignal signal, long exports, long accepted, long forwarded, long requests,
			long receivedBytes, long sentBytes, long receiveNanos, long forwardNanos) {

		@Override
		public String toString() {
			double total = (this.receiveNanos + this.forwardNanos) / 1e9;
			return String.format(
					"%-7s %,9.0f items/s end to end | receive %,9.0f items/s (%,d exports, %.1f MB in) | forward %,9.0f items/s (%,d requests, %.2f exports each, %.1f MB gzip out) | accepted %,d forwarded %,d",
					this.signal.key(), this.forwarded / total, this.accepted / (this.receiveNanos / 1e9), this.exports,
					this.receivedBytes / 1e6, this.forwarded / (this.forwardNanos / 1e9), this.requests,
					(double) this.exports / Math.max(1, this.requests), this.sentBytes / 1e6, this.accepted,
					this.forwarded);
		}

	}

	/** The relay wired as in production, forwarding to the discarding sink. */
	private static final class Relay implements AutoCloseable {

		final NettyResources netty = new NettyResources();

		final OtlpRelay relay;

		final OtlpServer server;

		final OtlpLanes lanes;

		Relay(String sinkEndpoint, long batchMaxBytes) {
			JsonMapper mapper = JsonMapper.builder().build();
			InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(java.time.Clock.systemUTC());
			this.relay = new OtlpRelay(new ByteBudget(256L * 1024 * 1024), 4 * 1024 * 1024, metrics);
			this.server = OtlpServer.bind(this.netty, 0,
					new OtlpRoutes(new OtlpReceiver(this.relay, mapper, (signal) -> {
					}, 4 * 1024 * 1024)), this.relay);
			Secret auth = new Secret("Basic YmVuY2g6YmVuY2g=");
			OpenObserveSettings openObserve = new OpenObserveSettings(URI.create(sinkEndpoint), "bench", "logs", auth,
					Duration.ofSeconds(10));
			OtlpSettings otlp = new OtlpSettings(true, 0, DataSize.ofMegabytes(4), "traces", "logs", Map.of());
			this.lanes = OtlpLanes.build(this.relay,
					new OpenObserveClient(this.netty.webClient(Duration.ofSeconds(5)), auth), mapper, openObserve, otlp,
					new RetrySchedule(0, Duration.ofMillis(1), Duration.ofMillis(1), 2.0, 0.0),
					new dev.o2ext.config.CircuitSettings(0, Duration.ZERO, Duration.ZERO), (d) -> {
					}, () -> 0.5, metrics, NanoClock.SYSTEM, batchMaxBytes, List.of(auth));
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.port();
		}

		void flush() {
			Deadline deadline = Deadline.after(Duration.ofSeconds(60), NanoClock.SYSTEM);
			for (OtlpSignal signal : OtlpSignal.values()) {
				this.lanes.of(signal).flush(FlushTrigger.END_OF_INVOCATION, deadline);
			}
		}

		@Override
		public void close() {
			this.server.close();
			this.netty.loops().disposeLater().block(Duration.ofSeconds(5));
		}

	}

}
