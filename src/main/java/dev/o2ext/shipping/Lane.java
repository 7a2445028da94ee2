package dev.o2ext.shipping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.Secret;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.LaneCounters;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.metrics.ThrottledLog;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * One delivery lane: its {@link BoundedQueue}, batching, its {@link Sink} and the rules every
 * lane shares. The function's logs are one lane, each OpenTelemetry signal another; they differ
 * only in what they carry and where it goes.
 *
 * <p>A flush drains batches until the queue is empty or the deadline comes. Each batch is
 * compressed once and attempted with the shared retry policy. A batch that OpenObserve does not
 * take after the allowed retries goes back to the front of the queue, in order, for the next
 * flush, so an outage costs time, not data (until the shared budget is full, which is
 * counted). A final answer (401, 400, …) drops the batch, counted. A 413, a 200 that stored
 * nothing, or what the sink says calls for it ({@link Sink#splits}) splits the batch in halves
 * down to single entries, so one bad entry cannot sink its neighbours. Every outcome is counted
 * in the lane's {@link LaneCounters}.
 *
 * <p>Flushes run on the lifecycle's one flush thread, never two at a time, so the lane has no
 * lock of its own. Besides each flush's deadline there is a cap set by the lifecycle
 * ({@link #limitTo}, any thread): a request in flight is bounded by it too, and when the cap
 * comes — before the extension calls next, the cap is set to now — the request is cancelled,
 * its connection closed, and its batch returns to the front. Nothing is in flight while the
 * sandbox is frozen.
 *
 * <p>While the circuit is open, background flushes move what is queued to the queue's spill
 * ({@link BoundedQueue#spillQueued}), when there is one; the spill is drained after memory,
 * oldest first, as soon as OpenObserve answers again.
 *
 * @param <T> the entry type
 */
public final class Lane<T> implements Flushable {

	private static final Logger LOG = Logger.getLogger(Lane.class.getName());

	/** The attempt was not made: the flush's time (or the cap) had come (not OpenObserve's failure). */
	private static final Outcome NO_TIME_LEFT = RetryingSender.NO_TIME_LEFT;

	/** The request was cancelled when the flush's time (or the cap) came. */
	private static final Outcome CANCELLED = new Outcome.Retryable(FailureKind.TIMEOUT,
			"no answer within the time this flush allows; cancelled", null);

	/** The smallest request the lane shrinks to after requests cut off at the end of a flush's time. */
	static final long MIN_BATCH_BYTES = 16 * 1024;

	/** The cap until the lifecycle sets one: far away, still safe in nanoseconds. */
	private static final Duration NO_CAP = Duration.ofDays(365);

	private final String name;

	private final String noun;

	private final BoundedQueue<T> queue;

	private final Sink<T> sink;

	private final RetryingSender sender;

	private final Circuit circuit;

	private final LaneCounters counters;

	private final PipelineMetrics pipeline;

	private final NanoClock clock;

	private final int batchMaxEntries;

	private final long batchMaxBytes;

	/**
	 * The bytes of the next request: {@code batchMaxBytes}, halved for each request cut off when
	 * the flush's time came (OpenObserve may have stored it: it is sent again, and a request that
	 * never fits in the time would be cut off again and again), doubled back with each success.
	 */
	private long batchBytes;

	private final Duration requestTimeout;

	private final List<Secret> secrets;

	private final ThrottledLog warnings = new ThrottledLog(LOG, Duration.ofMinutes(1));

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile Deadline cap;

	/** Completed when the cap changes, to wake the flush thread waiting for an answer. */
	private volatile CompletableFuture<Void> capChanged = new CompletableFuture<>();

	private volatile @Nullable CompletableFuture<Outcome> inFlight;

	/** A flush tries OpenObserve while the circuit is open. */
	private volatile boolean probing;

	/**
	 * Whether this flush's failed deliveries count towards opening the circuit: those of flushes an
	 * invocation waits for (and probes); a background flush that fails costs no invocation.
	 */
	private boolean counting;

	/** Whether this flush is SHUTDOWN's, which delivers with retries even while the circuit is open. */
	private boolean shutdownFlush;

	/** Attempts of the delivery under way, and whether the last one could not connect. */
	private int attempts;

	private boolean lastConnectionFailure;

	/**
	 * @param name the lane's name in messages ({@code logs}, {@code traces}, …)
	 * @param noun what its items are called in messages ({@code records}, {@code traces items})
	 * @param sender the retry policy, counting into this lane's counters
	 * @param circuit when to stop making invocations wait for a failing OpenObserve
	 * @param pipeline where the last error is reported (diagnostics shows it)
	 * @param batchMaxEntries entries per request
	 * @param batchMaxBytes bytes per request before compression (a larger single entry goes alone)
	 * @param requestTimeout upper bound of one request ({@code O2_REQUEST_TIMEOUT_MS})
	 * @param secrets values scrubbed from every message
	 */
	public Lane(String name, String noun, BoundedQueue<T> queue, Sink<T> sink, RetryingSender sender,
			Circuit circuit, PipelineMetrics pipeline, NanoClock clock, int batchMaxEntries, long batchMaxBytes, Duration requestTimeout,
			List<Secret> secrets) {
		this.name = name;
		this.noun = noun;
		this.queue = queue;
		this.sink = sink;
		this.sender = sender;
		this.circuit = circuit;
		this.counters = queue.counters();
		this.pipeline = pipeline;
		this.clock = clock;
		this.batchMaxEntries = batchMaxEntries;
		this.batchMaxBytes = batchMaxBytes;
		this.batchBytes = batchMaxBytes;
		this.requestTimeout = requestTimeout;
		this.secrets = List.copyOf(secrets);
		this.cap = Deadline.after(NO_CAP, clock);
	}

	/**
	 * Sets the cap. A request in flight is bounded by it at once: when the cap has already come,
	 * the request is cancelled before this method returns.
	 */
	@Override
	public void limitTo(Deadline deadline) {
		this.cap = deadline;
		if (deadline.isExpired()) {
			CompletableFuture<Outcome> request = this.inFlight;
			if (request != null) {
				request.cancel(true);
			}
		}
		this.capChanged.complete(null);
	}

	/** Delivers what is queued until the queue is empty or the deadline (or the cap) comes. */
	@Override
	public FlushResult flush(FlushTrigger trigger, Deadline deadline) {
		long start = this.clock.nanoTime();
		boolean background = trigger == FlushTrigger.PERIODIC || trigger == FlushTrigger.CONTINUOUS;
		this.counting = !background || this.circuit.isOpen();
		this.shutdownFlush = trigger == FlushTrigger.SHUTDOWN;
		try {
			if (this.circuit.isOpen()) {
				if (trigger != FlushTrigger.SHUTDOWN && !(background && this.circuit.probeDue())) {
					if (background) {
						// OpenObserve has failed for longer than the flushes allow: to the spill, if there is one
						Deadline bound = bound(deadline);
						this.queue.spillQueued(bound::isExpired);
					}
					return new FlushResult(0, !this.queue.hasQueued());
				}
				this.counters.probed();
				this.probing = true;
			}
			long shipped = 0;
			while (true) {
				if (bound(deadline).isExpired()) {
					return new FlushResult(shipped, !this.queue.hasQueued());
				}
				Batch<T> batch = this.queue.drain(this.batchMaxEntries, this.batchBytes);
				if (batch.isEmpty()) {
					return new FlushResult(shipped, true);
				}
				List<Batch<T>> unsent = new ArrayList<>(2);
				long delivered = deliver(batch, deadline, unsent);
				if (delivered < 0) {
					requeue(unsent);
					return new FlushResult(shipped, false);
				}
				shipped += delivered;
			}
		}
		finally {
			this.probing = false;
			this.counters.flushed(trigger, Duration.ofNanos(this.clock.nanoTime() - start));
		}
	}

	@Override
	public boolean hasQueued() {
		return this.queue.hasQueued();
	}

	/** Whether the circuit is open. */
	public boolean circuitOpen() {
		return this.circuit.isOpen();
	}

	@Override
	public boolean outOfService() {
		return this.circuit.isOpen() && !this.probing;
	}

	@Override
	public boolean probeDue() {
		return this.circuit.probeDue() && this.queue.hasQueued();
	}

	/** Closes the queue, which counts what it held as unsent; a batch in flight is left to its flush. */
	@Override
	public void closeAtShutdown() {
		if (this.closed.compareAndSet(false, true)) {
			this.queue.close();
		}
	}

	@Override
	public long inFlight() {
		return this.queue.stats().inFlightCount();
	}

	private Deadline bound(Deadline deadline) {
		return deadline.min(this.cap);
	}

	/**
	 * The bound of a delivery's attempts. While the circuit is open (outside SHUTDOWN) a delivery
	 * is a probe: one attempt, and one more at once on a fresh connection when the pooled one was
	 * dead; no retries after backoffs.
	 */
	private Deadline retryBound(Deadline deadline) {
		if (!this.circuit.isOpen() || this.shutdownFlush || this.attempts == 0
				|| (this.attempts == 1 && this.lastConnectionFailure)) {
			return bound(deadline);
		}
		return Deadline.after(Duration.ZERO, this.clock);
	}

	/**
	 * Delivers one in-flight batch; returns the items stored, or -1 when OpenObserve could not
	 * take it now: the batch (or what is left of it) is then added to {@code unsent}, in order.
	 */
	private long deliver(Batch<T> batch, Deadline deadline, List<Batch<T>> unsent) {
		byte[] body = this.sink.encode(batch);
		this.attempts = 0;
		Outcome outcome = this.sender.send((timeout) -> attempt(batch, body, deadline), () -> retryBound(deadline));
		if (outcome == CANCELLED) {
			long half = Math.min(this.batchBytes, batch.bytes()) / 2;
			this.batchBytes = Math.min(this.batchMaxBytes, Math.max(MIN_BATCH_BYTES, half));
		}
		else if (outcome instanceof Outcome.Accepted && this.batchBytes < this.batchMaxBytes) {
			this.batchBytes = Math.min(this.batchMaxBytes, this.batchBytes * 2);
		}
		if (outcome instanceof Outcome.Accepted accepted) {
			this.queue.complete(batch);
			this.counters.shipped(accepted.successful());
			this.counters.sent(batch.size(), body.length);
			if (accepted.failed() > 0) {
				this.counters.dropped(DropReason.REJECTED_BY_SERVER, accepted.failed());
				this.counters.attemptFailed(FailureKind.PARTIAL);
				report("partial", "OpenObserve refused " + accepted.failed() + " of " + batch.count() + " "
						+ this.noun + ((accepted.error() != null) ? ": " + accepted.error() : ""));
			}
			return accepted.successful();
		}
		if (outcome instanceof Outcome.Retryable retryable) {
			if (this.counting && outcome != NO_TIME_LEFT && outcome != CANCELLED) {
				// OpenObserve failed this batch (refused, unresolvable, 5xx, its own timeout); a request
				// this lane cut off at the end of the flush's time says nothing about the server
				this.circuit.failed();
			}
			unsent.add(batch);
			report("retryable", "OpenObserve unavailable for " + this.name + " (" + retryable.description() + "); "
					+ batch.count() + " " + this.noun + " stay buffered for the next flush");
			return -1;
		}
		boolean nothingStored = outcome instanceof Outcome.SilentDrop drop && drop.successful() + drop.failed() == 0;
		if (batch.size() > 1 && (nothingStored || outcome instanceof Outcome.TooLarge || this.sink.splits(outcome))) {
			return split(batch, deadline, unsent); // find the entries that were refused
		}
		this.queue.complete(batch);
		if (outcome instanceof Outcome.SilentDrop drop) {
			long missing = (long) drop.sent() - drop.successful() - drop.failed();
			this.counters.shipped(drop.successful());
			this.counters.dropped(DropReason.REJECTED_BY_SERVER, drop.failed());
			this.counters.dropped(DropReason.SILENTLY_DROPPED, missing);
			report("silent", "OpenObserve answered 200 but did not store " + missing + " of " + drop.sent() + " "
					+ this.noun + " (check the OpenObserve server log)");
			return drop.successful();
		}
		this.counters.dropped(DropReason.REJECTED_FINAL_STATUS, batch.count());
		String description = (outcome instanceof Outcome.Final rejected) ? rejected.description() : "HTTP 413";
		String key = (outcome instanceof Outcome.Final rejected) ? "final-" + rejected.status() : "413";
		report(key, "OpenObserve rejected a batch of " + batch.count() + " " + this.noun + " with " + description);
		return 0;
	}

	private long split(Batch<T> batch, Deadline deadline, List<Batch<T>> unsent) {
		List<Batch<T>> halves = batch.halves(this.queue.measure());
		long first = deliver(halves.get(0), deadline, unsent);
		if (first < 0) {
			unsent.add(halves.get(1));
			return -1;
		}
		long second = deliver(halves.get(1), deadline, unsent);
		return (second < 0) ? -1 : first + second;
	}

	/** Puts undelivered batches back at the front in their order (the queue counts them if closed). */
	private void requeue(List<Batch<T>> unsent) {
		for (int i = unsent.size() - 1; i >= 0; i--) {
			this.queue.requeue(unsent.get(i));
		}
	}

	private Outcome attempt(Batch<T> batch, byte[] body, Deadline deadline) {
		Duration left = bound(deadline).remaining();
		if (left.isZero()) {
			return NO_TIME_LEFT;
		}
		Outcome outcome = await(batch, body, deadline,
				(left.compareTo(this.requestTimeout) < 0) ? left : this.requestTimeout);
		this.attempts++;
		this.lastConnectionFailure = outcome instanceof Outcome.Retryable retryable
				&& retryable.kind() == FailureKind.CONNECTION;
		if (!(outcome instanceof Outcome.Retryable)) {
			this.circuit.answered();
		}
		FailureKind failure = Outcome.failureOf(outcome);
		if (failure != null) {
			this.counters.attemptFailed(failure);
		}
		return outcome;
	}

	/**
	 * Sends and waits for the answer while the deadline and the cap allow; when they come first,
	 * the request is cancelled (its connection closed) and the attempt counts as a timeout.
	 */
	private Outcome await(Batch<T> batch, byte[] body, Deadline deadline, Duration timeout) {
		CompletableFuture<Outcome> answer = new CompletableFuture<>();
		this.inFlight = answer;
		Disposable request = this.sink.send(batch, body, timeout).subscribe(answer::complete,
				answer::completeExceptionally, () -> answer.complete(NO_TIME_LEFT));
		// a cancel from any thread (the cap, the deadline) abandons the request and closes its connection
		answer.whenComplete((outcome, failure) -> request.dispose());
		try {
			while (true) {
				CompletableFuture<Void> changed = new CompletableFuture<>();
				this.capChanged = changed;
				Duration left = bound(deadline).remaining();
				if (left.isZero()) {
					answer.cancel(true);
				}
				if (answer.isDone()) {
					return answer.isCancelled() ? CANCELLED : answer.get();
				}
				try {
					CompletableFuture.anyOf(answer, changed).get(left.toNanos(), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException | CancellationException | ExecutionException ex) {
					// the loop looks at the answer and the time left again
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			answer.cancel(true);
			return CANCELLED;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("a sink signalled an error", ex.getCause());
		}
		finally {
			this.inFlight = null;
		}
	}


	private void report(String key, String message) {
		String safe = message;
		for (Secret secret : this.secrets) {
			safe = secret.scrub(safe);
		}
		this.pipeline.error(safe);
		this.warnings.warn(this.name + "-" + key, safe);
	}

}
