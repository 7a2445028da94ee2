package dev.o2ext.lifecycle;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.Flushable;

/**
 * Decides when to flush: at the end of each invocation (the lifecycle waits for it, within the
 * flush budget), continuously when the buffer passes its threshold during an invocation, and
 * periodically during long invocations. Every flush runs on one thread, {@code o2-flush}, so
 * flushes never overlap; each flush point flushes every {@link Flushable} in the order it was given (logs, platform
 * metrics, OpenTelemetry) within the same deadline.
 *
 * <p>Background flushes only run while an invocation is active (or, on Lambda Managed Instances,
 * from the subscription until SHUTDOWN, see {@link #runContinuously()}): between the extension's next
 * call and the following event the sandbox may be frozen, and a request frozen mid-flight is
 * worse than one not started. The lanes' cap enforces the same for a flush already running:
 * before next it is set to now, which cancels a request in flight.
 */
public final class FlushCoordinator {

	private static final Logger LOG = Logger.getLogger(FlushCoordinator.class.getName());

	/** Time allowed beyond a flush's deadline for its thread to hand back the result. */
	private static final Duration HANDBACK = Duration.ofMillis(100);

	/** The "deadline" of continuous operation: far beyond any SHUTDOWN, still safe in nanoseconds. */
	private static final Duration CONTINUOUS_HORIZON = Duration.ofDays(365);

	private final List<Flushable> flushables;

	private final ByteBudget budget;

	private final NanoClock clock;

	private final long thresholdBytes;

	private final Duration backgroundLimit;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "o2-flush");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean backgroundPending = new AtomicBoolean();

	private final Set<Flushable> soonPending = ConcurrentHashMap.newKeySet();

	private volatile boolean active;

	private volatile Deadline invocationDeadline;

	/**
	 * @param thresholdBytes buffered bytes that start a continuous flush
	 * @param interval period of the periodic flush, zero for none
	 * @param backgroundLimit longest a background flush may run (the request timeout)
	 */
	public FlushCoordinator(List<Flushable> flushables, ByteBudget budget, NanoClock clock, long thresholdBytes,
			Duration interval, Duration backgroundLimit) {
		this.flushables = List.copyOf(flushables);
		this.budget = budget;
		this.clock = clock;
		this.thresholdBytes = thresholdBytes;
		this.backgroundLimit = backgroundLimit;
		this.invocationDeadline = Deadline.after(Duration.ZERO, clock);
		if (!interval.isZero()) {
			this.executor.scheduleAtFixedRate(() -> background(FlushTrigger.PERIODIC), interval.toNanos(),
					interval.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/** What each flush point flushes, in the order it flushes them. */
	public List<Flushable> flushOrder() {
		return this.flushables;
	}

	/**
	 * Background flushes run from now until {@link #stopBackground()}: for an environment that is
	 * never frozen and has no end of invocation to flush at (Lambda Managed Instances), so the
	 * periodic flush bounds the delivery latency and the threshold flush bounds the memory.
	 */
	public void runContinuously() {
		beginInvocation(Deadline.after(CONTINUOUS_HORIZON, this.clock));
	}

	/**
	 * An invocation started: background flushes may run until its deadline. The function's first
	 * lines may have been buffered before the loop got here (the listener runs beside it): past
	 * the threshold, the continuous flush starts now, or a buffer filled before INVOKE was handled
	 * would wait, full, for the end of the invocation.
	 */
	public void beginInvocation(Deadline deadline) {
		this.invocationDeadline = deadline;
		limitAll(deadline);
		this.active = true;
		probe();
		onBuffered();
	}

	/**
	 * Starts a background flush of every flushable whose circuit is open and due for a probe:
	 * while an invocation runs (or continuously on Managed Instances), never while the sandbox may
	 * freeze.
	 */
	private void probe() {
		this.flushables.stream().filter(Flushable::probeDue).forEach(this::flushSoon);
	}

	/**
	 * Flushes within the deadline and then forbids any further background flush until the next
	 * invocation begins, so nothing is in flight when the caller calls next. Flushables whose
	 * circuit is open are not waited for, unless a probe of theirs is under way (it may use the
	 * deadline, and when it succeeds, the flush delivers what waited).
	 */
	public FlushResult flushAndPause(FlushTrigger trigger, Deadline deadline) {
		try {
			return flush(trigger, deadline, false);
		}
		finally {
			this.active = false;
			limitAll(Deadline.after(Duration.ZERO, this.clock));
		}
	}

	/** Flushes on the flush thread and waits for it, within the deadline (which becomes the cap). */
	public FlushResult flushNow(FlushTrigger trigger, Deadline deadline) {
		return flush(trigger, deadline, true);
	}

	/**
	 * @param waitForOpenCircuits whether flushables whose circuit is open get the deadline too; if
	 * not, their cap is now and they do not try
	 */
	private FlushResult flush(FlushTrigger trigger, Deadline deadline, boolean waitForOpenCircuits) {
		Deadline now = Deadline.after(Duration.ZERO, this.clock);
		this.flushables.forEach((flushable) -> flushable
			.limitTo((waitForOpenCircuits || !flushable.outOfService()) ? deadline : now));
		Future<FlushResult> result = this.executor.submit(() -> flushAll(trigger, deadline));
		try {
			return result.get(deadline.remaining().plus(HANDBACK).toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			LOG.warning("a flush did not end within its deadline; going on without waiting for it");
			return new FlushResult(0, false);
		}
		catch (ExecutionException ex) {
			LOG.warning("a flush failed: " + ex.getCause().getClass().getSimpleName());
			return new FlushResult(0, false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new FlushResult(0, false);
		}
	}

	/** Called by the listener after it buffered records: starts a flush past the threshold. */
	public void onBuffered() {
		if (this.active && this.budget.used() >= this.thresholdBytes) {
			if (this.backgroundPending.compareAndSet(false, true)) {
				this.executor.execute(() -> background(FlushTrigger.CONTINUOUS));
			}
		}
	}

	/**
	 * Called when data arrived that is worth sending at once during an invocation, such as an
	 * OpenTelemetry SDK's export at the end of a handler: the SDK flushes before the runtime
	 * answers, so delivering it now overlaps with the wait for {@code platform.runtimeDone}
	 * instead of adding to the post-runtime time. Only the given flushable is flushed; a request
	 * already waiting for the flush thread covers later calls.
	 */
	public void flushSoon(Flushable flushable) {
		if (this.active && this.soonPending.add(flushable)) {
			this.executor.execute(() -> {
				this.soonPending.remove(flushable);
				if (this.active && flushable.hasQueued()) {
					flushable.flush(FlushTrigger.CONTINUOUS, backgroundDeadline());
				}
			});
		}
	}

	/** Stops the timer; later flushes are only those asked for with {@link #flushNow}. */
	public void stopBackground() {
		this.active = false;
	}

	/** Whether any flushable holds data. */
	public boolean hasQueued() {
		return this.flushables.stream().anyMatch(Flushable::hasQueued);
	}

	/**
	 * Closes every flushable at shutdown; what they still hold is counted as unsent.
	 * @return records still in a request that has not ended (their outcome is unknown)
	 */
	public long closeAtShutdown() {
		this.flushables.forEach(Flushable::closeAtShutdown);
		return this.flushables.stream().mapToLong(Flushable::inFlight).sum();
	}

	private void background(FlushTrigger trigger) {
		this.backgroundPending.set(false);
		if (!this.active || !hasQueued()) {
			return;
		}
		flushAll(trigger, backgroundDeadline());
	}


	private Deadline backgroundDeadline() {
		return Deadline.after(this.backgroundLimit, this.clock).min(this.invocationDeadline);
	}

	private FlushResult flushAll(FlushTrigger trigger, Deadline deadline) {
		long shipped = 0;
		boolean drained = true;
		for (Flushable flushable : this.flushables) {
			FlushResult result = flushable.flush(trigger, deadline);
			shipped += result.shipped();
			drained &= result.drained();
		}
		return new FlushResult(shipped, drained);
	}

	private void limitAll(Deadline deadline) {
		this.flushables.forEach((flushable) -> flushable.limitTo(deadline));
	}

}
