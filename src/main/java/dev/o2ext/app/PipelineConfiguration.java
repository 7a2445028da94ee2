package dev.o2ext.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.EntryCodec;
import dev.o2ext.buffer.Measure;
import dev.o2ext.buffer.SpillDirectory;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.filter.RecordPolicy;
import dev.o2ext.filter.StructuredLevel;
import dev.o2ext.http.NettyResources;
import dev.o2ext.lambda.ExtensionsApiClient;
import dev.o2ext.lambda.TelemetryApiClient;
import dev.o2ext.lifecycle.ExtensionLoop;
import dev.o2ext.lifecycle.ExtensionStatus;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.lifecycle.InvocationTracker;
import dev.o2ext.lifecycle.ShutdownSummary;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.otlp.OtlpLanes;
import dev.o2ext.otlp.OtlpSignal;
import dev.o2ext.platformmetrics.PlatformMetrics;
import dev.o2ext.records.LineTimer;
import dev.o2ext.records.RecordAssembler;
import dev.o2ext.records.SandboxContext;
import dev.o2ext.shipping.Circuit;
import dev.o2ext.shipping.Jitter;
import dev.o2ext.shipping.Lane;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.OpenObserveJsonSink;
import dev.o2ext.shipping.OutcomeClassifier;
import dev.o2ext.shipping.RetrySchedule;
import dev.o2ext.shipping.RetryingSender;
import dev.o2ext.shipping.Sleeper;
import dev.o2ext.telemetry.RecordMapper;
import dev.o2ext.telemetry.TelemetryIngest;
import io.netty.channel.EventLoopGroup;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the pipeline from plain classes: the log lane (queue, sink), counters, flush coordination,
 * telemetry ingest and the lifecycle loop. {@link ExtensionConfig} and
 * {@link ExtensionsApiClient} are registered by the main method before the context starts.
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

	/** Room left in a batch for a joined stack trace's context fields. */
	private static final long JOINED_CONTEXT_BYTES = 2048;

	/** Upper bound of connecting to OpenObserve, within the request timeout. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Longest the lifecycle waits for cancelled requests' connections to close before next. */
	private static final Duration CLOSE_BEFORE_NEXT = Duration.ofMillis(100);

	@Bean
	JsonMapper jsonMapper() {
		return JsonMapper.builder().build();
	}

	@Bean
	InMemoryPipelineMetrics pipelineMetrics() {
		return new InMemoryPipelineMetrics(Clock.systemUTC());
	}

	/** The memory bound shared by the log buffer and the OpenTelemetry relay. */
	@Bean
	ByteBudget byteBudget(ExtensionConfig config) {
		return new ByteBudget(config.buffer().capacity().toBytes());
	}

	/** Where the lanes spill when memory is full or OpenObserve keeps failing; nowhere unless {@code O2_SPILL_MAX_MB}. */
	@Bean
	SpillDirectory spillDirectory(ExtensionConfig config) {
		return SpillDirectory.of(config.spill().directory(), config.spill().maxBytes());
	}

	/** The queue of the log lane, which the telemetry listener fills. */
	@Bean
	BoundedQueue<byte[]> logQueue(ByteBudget budget, ExtensionConfig config, InMemoryPipelineMetrics metrics,
			SpillDirectory spill) {
		long batchBytes = config.buffer().batchMaxBytes().toBytes();
		return BoundedQueue.records(budget, batchBytes, metrics.logs(), spill.lane("logs", Measure.RECORDS,
				EntryCodec.RECORDS, metrics.logs(), config.buffer().batchMaxRecords(), batchBytes));
	}

	@Bean
	NettyResources nettyResources() {
		return new NettyResources();
	}

	@Bean
	OpenObserveClient openObserveClient(NettyResources netty, ExtensionConfig config) {
		Duration timeout = config.openObserve().requestTimeout();
		return new OpenObserveClient(netty.webClient((timeout.compareTo(CONNECT_TIMEOUT) < 0) ? timeout : CONNECT_TIMEOUT),
				config.openObserve().authorization());
	}

	/** The function's logs, to OpenObserve's {@code _json} API. */
	@Bean
	Jitter jitter() {
		return Jitter.seeded();
	}

	@Bean
	Lane<byte[]> logLane(ExtensionConfig config, BoundedQueue<byte[]> queue, OpenObserveClient client,
			JsonMapper mapper, InMemoryPipelineMetrics metrics, Jitter jitter) {
		OpenObserveJsonSink sink = new OpenObserveJsonSink(client, new OutcomeClassifier(mapper),
				config.openObserve().jsonIngestUri());
		return new Lane<>("logs", "records", queue, sink, retrying(config, queue, jitter),
				Circuit.of(config.circuit(), jitter, queue.counters()), metrics, NanoClock.SYSTEM,
				config.buffer().batchMaxRecords(), config.buffer().batchMaxBytes().toBytes(),
				config.openObserve().requestTimeout(), List.of(config.openObserve().authorization()));
	}

	/** The shared retry policy, counting into the lane whose queue is given. */
	static RetryingSender retrying(ExtensionConfig config, BoundedQueue<?> queue, Jitter jitter) {
		return new RetryingSender(RetrySchedule.of(config.retry()), Sleeper.SYSTEM, jitter, queue.counters());
	}

	@Bean
	FlushCoordinator flushCoordinator(Lane<byte[]> logs, PlatformMetrics platformMetrics, OtlpLanes otlp,
			ByteBudget budget, ExtensionConfig config) {
		long threshold = budget.capacity() * config.flush().thresholdPercent() / 100;
		// The flush order: the function's logs first, then the platform metrics, which queue on the
		// relay's metrics queue, then the relay's lanes (traces, logs, metrics), so that those
		// metrics leave in the same flush; cumulative metrics make up for a lost export with the next.
		return new FlushCoordinator(List.of(logs, platformMetrics, otlp.of(OtlpSignal.TRACES),
				otlp.of(OtlpSignal.LOGS), otlp.of(OtlpSignal.METRICS)), budget, NanoClock.SYSTEM, threshold,
				config.flush().interval(), config.openObserve().requestTimeout());
	}

	/** Before next: cancelled requests' connections close on the event loop; wait for that, briefly. */
	private static void awaitNoExchange(NettyResources netty) {
		if (!netty.awaitNoExchange(CLOSE_BEFORE_NEXT)) {
			java.util.logging.Logger.getLogger(ExtensionLoop.class.getName())
				.warning("a request to OpenObserve was still open when the extension called next");
		}
	}

	@Bean
	InvocationTracker invocationTracker() {
		return new InvocationTracker();
	}

	@Bean
	ExtensionStatus extensionStatus() {
		return new ExtensionStatus();
	}

	/**
	 * What every record of this sandbox carries; the account from the registration's answer when
	 * this process registered, else {@code O2_CLOUD_ACCOUNT_ID}, else the first function ARN seen.
	 */
	@Bean
	SandboxContext sandboxContext(ExtensionConfig config, ExtensionsApiClient extensions) {
		String account = extensions.accountId();
		if (account == null) {
			account = config.metrics().cloudAccountId();
		}
		return new SandboxContext(config.function(), config.initialization().value(), System.getProperty("os.arch", ""),
				account);
	}

	@Bean
	TelemetryIngest telemetryIngest(JsonMapper mapper, ExtensionConfig config, BoundedQueue<byte[]> buffer,
			InvocationTracker tracker, FlushCoordinator flushes, InMemoryPipelineMetrics metrics,
			PlatformMetrics platformMetrics, SandboxContext sandbox, NettyResources netty, Jitter jitter) {
		EventLoopGroup loop = netty.loops().onServer(false);
		LineTimer timer = (delay, task) -> loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
		// a joined stack trace must still fit one batch: its text is stored twice when the original
		// is kept (message and record), escaped, beside the context
		long batch = config.buffer().batchMaxBytes().toBytes();
		long room = (config.logs().keepOriginal() ? batch / 4 : batch / 2) - JOINED_CONTEXT_BYTES;
		int maxJoined = (int) Math.max(1, Math.min(TelemetryIngest.Lines.MAX_JOINED_CHARS, room));
		RecordPolicy policy = new RecordPolicy(config.filter(), new StructuredLevel(), jitter, metrics);
		TelemetryIngest.Lines lines = new TelemetryIngest.Lines(config.logs(), timer, policy.stage(), maxJoined);
		return new TelemetryIngest(mapper, new RecordMapper(mapper, new RecordAssembler(sandbox, config.logs().keepOriginal())),
				buffer, tracker, flushes, metrics, config.initialization().invocationEvents(), platformMetrics::onEvent,
				lines);
	}

	@Bean
	ExtensionLoop extensionLoop(ExtensionsApiClient extensions, JsonMapper mapper, InvocationTracker tracker,
			FlushCoordinator flushes, InMemoryPipelineMetrics metrics, ExtensionStatus status,
			ExtensionConfig config, NettyResources netty, PlatformMetrics platformMetrics, Jitter jitter,
			TelemetryIngest ingest) {
		// after a SnapStart restore: no connection and no random sequence of the snapshot is used again
		Runnable onRestore = () -> {
			netty.forgetConnections();
			jitter.reseed();
		};
		return new ExtensionLoop(extensions, new TelemetryApiClient(extensions, mapper), tracker, flushes,
				metrics, status, mapper, config.flush(), config.telemetry(), NanoClock.SYSTEM,
				new ShutdownSummary(metrics), config.initialization(), onRestore,
				platformMetrics::onShutdown, () -> awaitNoExchange(netty), ingest);
	}

}
