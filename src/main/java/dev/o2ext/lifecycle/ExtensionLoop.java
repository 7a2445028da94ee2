package dev.o2ext.lifecycle;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

import dev.o2ext.config.FlushSettings;
import dev.o2ext.config.TelemetrySettings;
import dev.o2ext.lambda.ExtensionEvent;
import dev.o2ext.lambda.ExtensionsApiClient;
import dev.o2ext.lambda.InitializationType;
import dev.o2ext.lambda.LambdaApi;
import dev.o2ext.lambda.LambdaApiException;
import dev.o2ext.lambda.SubscriptionResult;
import dev.o2ext.lambda.TelemetryApiClient;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.NanoClock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Extensions API lifecycle, run on the main thread once the context is built: subscribe to
 * the Telemetry API, then loop over events. On INVOKE it waits for that request's
 * {@code platform.runtimeDone} (bounded by the invocation's deadline, no fixed sleeps), flushes
 * within the flush budget and calls next. On SHUTDOWN it waits briefly for the last
 * {@code platform.report}, flushes until shortly before the deadline, counts what it could not
 * send, prints one summary line and returns the exit status. On Lambda Managed Instances
 * ({@link InitializationType#MANAGED_INSTANCES}) there is no INVOKE: the loop only waits for
 * SHUTDOWN while the flush coordinator ships continuously. With SnapStart the first event after
 * Init follows a restore: {@code onRestore} runs before it is handled.
 */
public final class ExtensionLoop {

	private static final Logger LOG = Logger.getLogger(ExtensionLoop.class.getName());

	/** Retries of a failed next call before giving up on an API that is gone. */
	private static final int NEXT_ATTEMPTS = 3;

	/** Margin kept before an invocation's own deadline when flushing after runtimeDone. */
	private static final Duration INVOKE_MARGIN = Duration.ofMillis(50);

	private final ExtensionsApiClient extensions;

	private final TelemetryApiClient telemetryApi;

	private final InvocationTracker tracker;

	private final FlushCoordinator flushes;

	private final PipelineMetrics metrics;

	private final ExtensionStatus status;

	private final JsonMapper mapper;

	private final FlushSettings flushSettings;

	private final TelemetrySettings telemetrySettings;

	private final NanoClock clock;

	private final ShutdownSummary summary;

	private final InitializationType initialization;

	private final Runnable onRestore;

	/** Told SHUTDOWN's reason before the shutdown's flush (the platform metrics count it). */
	private final Consumer<String> onShutdown;

	private final LineHolding lines;

	/** Run before every next call: waits (briefly) until no request to OpenObserve is open. */
	private final Runnable beforeNext;

	/**
	 * @param onRestore run before the first event after a SnapStart restore is handled
	 * @param onShutdown told SHUTDOWN's reason before the shutdown's flush
	 * @param beforeNext run before every next call: waits (briefly) until no request to OpenObserve is open
	 * @param lines the listener's held lines, released before every flush after which the sandbox may freeze
	 */
	public ExtensionLoop(ExtensionsApiClient extensions, TelemetryApiClient telemetryApi, InvocationTracker tracker,
			FlushCoordinator flushes, PipelineMetrics metrics, ExtensionStatus status,
			JsonMapper mapper, FlushSettings flushSettings, TelemetrySettings telemetrySettings, NanoClock clock,
			ShutdownSummary summary, InitializationType initialization, Runnable onRestore,
			Consumer<String> onShutdown, Runnable beforeNext, LineHolding lines) {
		this.beforeNext = beforeNext;
		this.lines = lines;
		this.initialization = initialization;
		this.onRestore = onRestore;
		this.onShutdown = onShutdown;
		this.extensions = extensions;
		this.telemetryApi = telemetryApi;
		this.tracker = tracker;
		this.flushes = flushes;
		this.metrics = metrics;
		this.status = status;
		this.mapper = mapper;
		this.flushSettings = flushSettings;
		this.telemetrySettings = telemetrySettings;
		this.clock = clock;
		this.summary = summary;
	}

	/**
	 * Subscribes and runs until SHUTDOWN.
	 * @return the process exit status: 0 after a shutdown, 1 when the Extensions API failed
	 */
	public int run() {
		subscribe();
		if (!this.initialization.invocationEvents()) {
			// Managed Instances: only SHUTDOWN will come, invocations overlap and nothing is frozen
			this.flushes.runContinuously();
		}
		else {
			// what init's flush does not take waits in the buffer for the first invocation anyway
			// (and is in a SnapStart snapshot like every buffered line): a held line may go on
			// waiting for its continuation while the function's Init prints its stack trace
			this.lines.release();
			this.lines.hold();
		}
		if (this.initialization.invocationEvents() && this.flushes.hasQueued()) {
			this.flushes.flushAndPause(FlushTrigger.INIT, Deadline.after(this.flushSettings.budget(), this.clock));
		}
		// SnapStart snapshots the environment while this process waits in its first next after Init:
		// whatever that call returns comes after a restore, in another environment
		boolean restoring = this.initialization == InitializationType.SNAP_START;
		while (true) {
			ExtensionEvent event;
			try {
				event = ExtensionEvent.parse(this.mapper, next());
			}
			catch (LambdaApiException ex) {
				LOG.severe("the Extensions API failed, stopping: " + ex.getMessage());
				return 1;
			}
			catch (JacksonException ex) {
				LOG.warning("ignoring an event that is not JSON");
				continue;
			}
			if (restoring) {
				restoring = false;
				this.onRestore.run();
				LOG.info("restored from a SnapStart snapshot: no connection from before it is reused");
			}
			if (event instanceof ExtensionEvent.Invoke invoke) {
				invoke(invoke);
			}
			else if (event instanceof ExtensionEvent.Shutdown shutdown) {
				return shutdown(shutdown);
			}
			else {
				LOG.fine("ignoring an event of another type");
			}
		}
	}

	private void subscribe() {
		String destination = "http://" + this.telemetrySettings.destinationHost() + ":" + this.status.telemetryPort()
				+ LambdaApi.TELEMETRY_LISTENER_PATH;
		try {
			SubscriptionResult result = this.telemetryApi.subscribe(destination, this.telemetrySettings.maxItems(),
					this.telemetrySettings.maxBytes(), this.telemetrySettings.timeoutMs());
			this.status.subscription(result);
			if (result == SubscriptionResult.NOT_SUPPORTED) {
				LOG.warning("the Telemetry API is not supported here (a local emulator?): running without logs");
			}
		}
		catch (LambdaApiException ex) {
			this.status.subscription(SubscriptionResult.FAILED);
			this.metrics.error("telemetry subscription failed: HTTP " + ex.status());
			LOG.severe("telemetry subscription failed, no logs will be received: " + ex.getMessage());
		}
	}

	private String next() throws LambdaApiException {
		// the flush before this cancelled what it could not finish; its connection closes on the
		// event loop, and must be closed before the sandbox may freeze
		this.beforeNext.run();
		for (int attempt = 1;; attempt++) {
			try {
				return this.extensions.next();
			}
			catch (LambdaApiException ex) {
				if (attempt >= NEXT_ATTEMPTS || ex.status() == 403) {
					throw ex;
				}
				try {
					Thread.sleep(100L * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private void invoke(ExtensionEvent.Invoke invoke) {
		this.metrics.invocation();
		this.tracker.begin(invoke.requestId(), invoke.invokedFunctionArn(), invoke.traceHeader());
		this.lines.hold();
		Deadline invocationDeadline = Deadline.atEpochMillis(invoke.deadlineMs(), this.clock);
		this.flushes.beginInvocation(invocationDeadline);
		if (this.status.subscription() == SubscriptionResult.SUBSCRIBED) {
			// without a subscription no runtimeDone will come: do not hold the invocation for it
			this.tracker.awaitRuntimeDone(invoke.requestId(), invocationDeadline);
		}
		Deadline budget = Deadline.after(this.flushSettings.budget(), this.clock)
			.min(invocationDeadline.minus(INVOKE_MARGIN));
		this.lines.release(); // a stack trace held for its next frame goes into this flush
		this.flushes.flushAndPause(FlushTrigger.END_OF_INVOCATION, budget);
	}

	private int shutdown(ExtensionEvent.Shutdown shutdown) {
		Deadline hard = Deadline.atEpochMillis(shutdown.deadlineMs(), this.clock)
			.minus(this.flushSettings.shutdownMargin());
		this.flushes.stopBackground();
		this.onShutdown.accept(shutdown.reason());
		String last = this.tracker.currentRequestId();
		if (last != null) {
			// platform.report of the last invocation is only sent now; give it up to half the time left
			Duration half = hard.remaining().dividedBy(2);
			this.tracker.awaitReport(last, Deadline.after(half, this.clock));
		}
		Duration settle = Duration.ofMillis(this.telemetrySettings.timeoutMs() * 2L);
		this.lines.release();
		FlushResult result = this.flushes.flushNow(FlushTrigger.SHUTDOWN, hard);
		while (result.drained() && !hard.isExpired() && hard.remaining().compareTo(settle) > 0) {
			// late lines (the runtime's own shutdown output) arrive within one telemetry timeout
			sleep(settle);
			this.lines.release();
			if (!this.flushes.hasQueued()) {
				break;
			}
			result = this.flushes.flushNow(FlushTrigger.SHUTDOWN, hard);
		}
		long inFlight = this.flushes.closeAtShutdown();
		this.summary.print(shutdown.reason(), inFlight);
		return 0;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
