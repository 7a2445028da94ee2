package dev.o2ext.otlp;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.config.OpenObserveSettings;
import dev.o2ext.config.OtlpSettings;
import dev.o2ext.config.Secret;
import dev.o2ext.http.NettyResources;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.RetrySchedule;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay wired as {@code OtlpConfiguration} wires it — receiver on the shared Netty loop,
 * queues on a byte budget, one lane per signal with the real {@link OpenObserveOtlpSink} and WebClient —
 * in the test's JVM, on a free port, with retries that do not sleep. The test calls
 * {@link #flush()} where the lifecycle would.
 */
final class InProcessRelay implements AutoCloseable {

	static final String ORGANIZATION = "relay-org";

	final NettyResources netty = new NettyResources();

	final ByteBudget budget;

	final OtlpRelay relay;

	final OtlpServer server;

	final OtlpLanes lanes;

	final InMemoryPipelineMetrics pipeline = new InMemoryPipelineMetrics(java.time.Clock.systemUTC());

	InProcessRelay(FakeOtlpOpenObserve fake, String authorization, long capacity, long maxBody,
			Map<String, Secret> exporterHeaders) {
		JsonMapper mapper = JsonMapper.builder().build();
		this.budget = new ByteBudget(capacity);
		this.relay = new OtlpRelay(this.budget, maxBody, this.pipeline);
		OtlpReceiver receiver = new OtlpReceiver(this.relay, mapper, (signal) -> {
		}, maxBody);
		this.server = OtlpServer.bind(this.netty, 0, new OtlpRoutes(receiver), this.relay);
		OpenObserveSettings openObserve = new OpenObserveSettings(URI.create(fake.endpoint()), ORGANIZATION, "logs",
				new Secret(authorization), Duration.ofSeconds(5));
		OtlpSettings otlp = new OtlpSettings(true, 0, DataSize.ofBytes(maxBody), "otel_traces", "otel_logs",
				exporterHeaders);
		this.lanes = OtlpLanes.build(this.relay,
				new OpenObserveClient(this.netty.webClient(Duration.ofSeconds(2)), openObserve.authorization()), mapper,
				openObserve, otlp, new RetrySchedule(3, Duration.ofMillis(1), Duration.ofMillis(1), 2.0, 0.0),
				new dev.o2ext.config.CircuitSettings(0, Duration.ZERO, Duration.ZERO), (duration) -> {
				}, () -> 0.5, this.pipeline, NanoClock.SYSTEM, 1024 * 1024, List.of(openObserve.authorization()));
	}

	InProcessRelay(FakeOtlpOpenObserve fake, String authorization) {
		this(fake, authorization, 8 * 1024 * 1024, 1024 * 1024, Map.of());
	}

	/** {@code http://127.0.0.1:PORT}, what the wrapper's {@code OTEL_EXPORTER_OTLP_ENDPOINT} would be. */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.port();
	}

	FlushResult flush() {
		Deadline deadline = Deadline.after(Duration.ofSeconds(10), NanoClock.SYSTEM);
		long shipped = 0;
		boolean drained = true;
		for (OtlpSignal signal : List.of(OtlpSignal.TRACES, OtlpSignal.LOGS, OtlpSignal.METRICS)) {
			FlushResult result = this.lanes.of(signal).flush(FlushTrigger.END_OF_INVOCATION, deadline);
			shipped += result.shipped();
			drained &= result.drained();
		}
		return new FlushResult(shipped, drained);
	}

	SignalSnapshot snapshot(OtlpSignal signal) {
		return this.relay.snapshot().signals().get(signal);
	}

	@Override
	public void close() {
		this.server.close();
		this.netty.loops().disposeLater().block(Duration.ofSeconds(5));
	}

}
