package dev.o2ext.shipping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.RecordBuffer;
import dev.o2ext.config.Secret;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.metrics.ThrottledLog;

/**
 * The single shipping path from the buffer to OpenObserve's JSON ingestion API. One flush at a
 * time (a lock): a slow OpenObserve shows up as buffered bytes, drops and counters, never as a
 * pile of concurrent requests.
 *
 * <p>A flush drains batches until the buffer is empty or its deadline comes. A batch that
 * OpenObserve does not take after the allowed retries goes back to the front of the buffer for
 * the next flush, so an outage costs time, not data (until the buffer is full, which is
 * counted). A final answer (401, 400, …) drops the batch, counted. A 413, or a 200 that
 * stored nothing, splits the batch in halves down to single records, so one bad record cannot
 * sink its neighbours.
 *
 * <p>Besides each flush's own deadline there is a cap set by the lifecycle
 * ({@link #limitTo(Deadline)}): before the extension calls next, the cap is set to now, so
 * that no request is in flight while the sandbox is frozen.
 */
public final class Shipper implements Flushable {

	private static final Logger LOG = Logger.getLogger(Shipper.class.getName());

	private final RecordBuffer buffer;

	private final Sink sink;

	private final RetryingSender sender;

	private final PipelineMetrics metrics;

	private final NanoClock clock;

	private final int batchMaxRecords;

	private final long batchMaxBytes;

	private final Secret secret;

	private final FlushGate gate;

	private final ThrottledLog warnings = new ThrottledLog(LOG, Duration.ofMinutes(1));

	private final AtomicBoolean closed = new AtomicBoolean();


	public Shipper(RecordBuffer buffer, Sink sink, RetryingSender sender, PipelineMetrics metrics, NanoClock clock,
			int batchMaxRecords, long batchMaxBytes, Secret secret) {
		this.buffer = buffer;
		this.sink = sink;
		this.sender = sender;
		this.metrics = metrics;
		this.clock = clock;
		this.batchMaxRecords = batchMaxRecords;
		this.batchMaxBytes = batchMaxBytes;
		this.secret = secret;
		this.gate = new FlushGate(clock);
	}

	@Override
	public void limitTo(Deadline deadline) {
		this.gate.limitTo(deadline);
	}

	/**
	 * Delivers what is buffered until the buffer is empty or the deadline (or the cap) comes.
	 * Waits for a running flush first, within the same deadline.
	 */
	@Override
	public FlushResult flush(FlushTrigger trigger, Deadline deadline) {
		long start = this.clock.nanoTime();
		if (!this.gate.enter(deadline)) {
			return new FlushResult(0, false);
		}
		try {
			long shipped = 0;
			while (true) {
				if (this.gate.bound(deadline).isExpired()) {
					return new FlushResult(shipped, !this.buffer.hasQueued());
				}
				Batch batch = this.buffer.drain(this.batchMaxRecords, this.batchMaxBytes);
				if (batch.isEmpty()) {
					return new FlushResult(shipped, true);
				}
				List<Batch> unsent = new ArrayList<>(2);
				long delivered = deliver(batch, deadline, unsent);
				if (delivered < 0) {
					requeue(unsent);
					return new FlushResult(shipped, false);
				}
				shipped += delivered;
			}
		}
		finally {
			this.gate.exit();
			this.metrics.flushed(trigger, Duration.ofNanos(this.clock.nanoTime() - start));
		}
	}

	@Override
	public boolean hasQueued() {
		return this.buffer.hasQueued();
	}

	/** Closes the buffer and counts what it held as unsent; a batch in flight is left to its flush. */
	@Override
	public void closeAtShutdown() {
		if (this.closed.compareAndSet(false, true)) {
			this.metrics.dropped(DropReason.UNSENT_AT_SHUTDOWN, this.buffer.close());
		}
	}

	@Override
	public long inFlight() {
		return this.buffer.stats().inFlightRecords();
	}

	/**
	 * Delivers one in-flight batch; returns the records stored, or -1 when OpenObserve could not
	 * take it now: the batch (or what is left of it) is then added to {@code unsent}, in order.
	 */
	private long deliver(Batch batch, Deadline deadline, List<Batch> unsent) {
		Outcome outcome = this.sender.send((timeout) -> attempt(batch, deadline, timeout), this.gate.bound(deadline));
		if (outcome instanceof Outcome.Accepted accepted) {
			this.buffer.complete(batch);
			this.metrics.shipped(accepted.successful());
			if (accepted.failed() > 0) {
				this.metrics.dropped(DropReason.REJECTED_BY_SERVER, accepted.failed());
				this.metrics.attemptFailed(FailureKind.PARTIAL);
				report("partial", "OpenObserve refused " + accepted.failed() + " of " + batch.size() + " records: "
						+ accepted.error());
			}
			return accepted.successful();
		}
		if (outcome instanceof Outcome.SilentDrop drop) {
			if (drop.successful() + drop.failed() == 0 && batch.size() > 1) {
				return split(batch, deadline, unsent); // find the records that were refused
			}
			this.buffer.complete(batch);
			long missing = (long) drop.sent() - drop.successful() - drop.failed();
			this.metrics.shipped(drop.successful());
			this.metrics.dropped(DropReason.REJECTED_BY_SERVER, drop.failed());
			this.metrics.dropped(DropReason.SILENTLY_DROPPED, missing);
			report("silent", "OpenObserve answered 200 but did not store " + missing + " of " + drop.sent()
					+ " records (check the OpenObserve server log)");
			return drop.successful();
		}
		if (outcome instanceof Outcome.TooLarge) {
			if (batch.size() > 1) {
				return split(batch, deadline, unsent);
			}
			this.buffer.complete(batch);
			this.metrics.dropped(DropReason.REJECTED_FINAL_STATUS, 1);
			report("413", "OpenObserve refused a single record as too large (413)");
			return 0;
		}
		if (outcome instanceof Outcome.Final rejected) {
			this.buffer.complete(batch);
			this.metrics.dropped(DropReason.REJECTED_FINAL_STATUS, batch.size());
			report("final-" + rejected.status(), "OpenObserve rejected a batch of " + batch.size() + " records with "
					+ rejected.description());
			return 0;
		}
		Outcome.Retryable retryable = (Outcome.Retryable) outcome;
		unsent.add(batch);
		report("retryable", "OpenObserve unavailable (" + retryable.description() + "); " + batch.size()
				+ " records stay buffered for the next flush");
		return -1;
	}

	private long split(Batch batch, Deadline deadline, List<Batch> unsent) {
		List<Batch> halves = batch.halves();
		long first = deliver(halves.get(0), deadline, unsent);
		if (first < 0) {
			unsent.add(halves.get(1));
			return -1;
		}
		long second = deliver(halves.get(1), deadline, unsent);
		return (second < 0) ? -1 : first + second;
	}

	/** Puts undelivered batches back at the front in their order, or counts them if closed. */
	private void requeue(List<Batch> unsent) {
		for (int i = unsent.size() - 1; i >= 0; i--) {
			Batch batch = unsent.get(i);
			if (!this.buffer.requeue(batch)) {
				this.metrics.dropped(DropReason.UNSENT_AT_SHUTDOWN, batch.size());
			}
		}
	}

	private Outcome attempt(Batch batch, Deadline deadline, Duration remaining) {
		Duration timeout = this.sink.requestTimeout();
		Deadline effective = this.gate.bound(deadline);
		Duration left = effective.remaining();
		if (left.isZero()) {
			return new Outcome.Retryable(FailureKind.TIMEOUT, "no time left in this flush", null);
		}
		Outcome outcome = this.sink.send(batch, (left.compareTo(timeout) < 0) ? left : timeout);
		FailureKind failure = Outcome.failureOf(outcome);
		if (failure != null) {
			this.metrics.attemptFailed(failure);
		}
		return outcome;
	}

	private void report(String key, String message) {
		String safe = this.secret.scrub(message);
		this.metrics.error(safe);
		this.warnings.warn(key, safe);
	}

	/**
	 * Where batches go: one attempt, classified. The production sink is
	 * {@link OpenObserveJsonSink}; tests use a recording fake.
	 */
	public interface Sink {

		/** Sends the batch once, within the timeout, and classifies the answer; does not throw. */
		Outcome send(Batch batch, Duration timeout);

		/** Upper bound of one request. */
		Duration requestTimeout();

	}

}
