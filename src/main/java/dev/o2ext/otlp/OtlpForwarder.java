package dev.o2ext.otlp;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

import dev.o2ext.config.Secret;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.metrics.ThrottledLog;
import dev.o2ext.shipping.BatchEncoder;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushGate;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.Flushable;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.Outcome;
import dev.o2ext.shipping.RetrySchedule;
import dev.o2ext.shipping.RetryingSender;
import dev.o2ext.shipping.Sleeper;

/**
 * Delivers the relay's queued exports to OpenObserve at the lifecycle's flush points, after
 * the logs: traces, then logs, then metrics (cumulative metrics make up for a lost export with
 * the next one). Exports of one signal and encoding are merged into requests of up to
 * {@code O2_BATCH_MAX_BYTES} before compression — many small SDK exports cost one request.
 *
 * <p>Same rules as the log shipper: one flush at a time; retries with the shared policy, each
 * bounded by the flush's deadline and the lifecycle's cap; a batch still failing returns to the
 * front of its queue for the next flush, and the flush stops there (the server is down for
 * every signal alike). A 413, or a 400 for a merged request (one export's content, which the
 * relay does not check deeply, may be what the server refuses), splits the batch in halves
 * down to single exports, so one bad export cannot sink its neighbours; a single export with a
 * final status is dropped, counted. Items refused in {@code partial_success} are counted as
 * rejected by the server.
 *
 * <p>Flushes run on the lifecycle's flush thread (any caller is serialized by the single-flight
 * lock, waiting at most until its deadline); {@link #closeAtShutdown()} is called by the
 * lifecycle thread, after which the receiver's offers are refused.
 */
public final class OtlpForwarder implements Flushable {

	private static final Logger LOG = Logger.getLogger(OtlpForwarder.class.getName());

	/** Flush order of the signals. */
	static final List<OtlpSignal> ORDER = List.of(OtlpSignal.TRACES, OtlpSignal.LOGS, OtlpSignal.METRICS);

	private final OtlpRelay relay;

	private final OtlpSink sink;

	private final Map<OtlpSignal, RetryingSender> senders = new EnumMap<>(OtlpSignal.class);

	private final PipelineMetrics pipeline;

	private final NanoClock clock;

	private final long batchMaxBytes;

	private final List<Secret> secrets;

	private final FlushGate gate;

	private final ThrottledLog warnings = new ThrottledLog(LOG, Duration.ofMinutes(1));

	private final AtomicBoolean closed = new AtomicBoolean();


	/**
	 * @param pipeline where the last error is reported (diagnostics shows it)
	 * @param batchMaxBytes bound of one merged request before compression (a larger single export is sent alone)
	 * @param secrets values scrubbed from every message
	 */
	public OtlpForwarder(OtlpRelay relay, OtlpSink sink, RetrySchedule schedule, Sleeper sleeper,
			DoubleSupplier random, PipelineMetrics pipeline, NanoClock clock, long batchMaxBytes,
			List<Secret> secrets) {
		this.relay = relay;
		this.sink = sink;
		this.pipeline = pipeline;
		this.clock = clock;
		this.batchMaxBytes = batchMaxBytes;
		this.secrets = List.copyOf(secrets);
		for (OtlpSignal signal : OtlpSignal.values()) {
			this.senders.put(signal, new RetryingSender(schedule, sleeper, random,
					new SignalRetryMetrics(relay.counters(signal), pipeline)));
		}
		this.gate = new FlushGate(clock);
	}

	@Override
	public void limitTo(Deadline deadline) {
		this.gate.limitTo(deadline);
	}

	/** Delivers until every queue is empty or the deadline (or the cap) comes; returns items delivered. */
	@Override
	public FlushResult flush(FlushTrigger trigger, Deadline deadline) {
		if (!this.gate.enter(deadline)) {
			return new FlushResult(0, false);
		}
		try {
			long forwarded = 0;
			for (OtlpSignal signal : ORDER) {
				ExportQueue queue = this.relay.queue(signal);
				while (true) {
					if (this.gate.bound(deadline).isExpired()) {
						return new FlushResult(forwarded, !hasQueued());
					}
					ExportBatch batch = queue.drain(this.batchMaxBytes);
					if (batch.isEmpty()) {
						break;
					}
					List<ExportBatch> unsent = new ArrayList<>(2);
					long delivered = deliver(signal, batch, deadline, unsent);
					if (delivered < 0) {
						requeue(signal, unsent);
						return new FlushResult(forwarded, false);
					}
					forwarded += delivered;
				}
			}
			return new FlushResult(forwarded, !hasQueued());
		}
		finally {
			this.gate.exit();
		}
	}

	@Override
	public boolean hasQueued() {
		for (OtlpSignal signal : OtlpSignal.values()) {
			if (this.relay.queue(signal).hasQueued()) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String summary() {
		long forwarded = 0;
		long dropped = 0;
		for (SignalSnapshot signal : this.relay.snapshot().signals().values()) {
			forwarded += signal.forwardedItems();
			dropped += signal.droppedAfterAcceptance() + signal.droppedAtIngest();
		}
		return (forwarded + dropped == 0) ? "" : "otlp_forwarded=" + forwarded + " otlp_not_delivered=" + dropped;
	}

	/** Closes the queues; what they held is counted as unsent (a batch in flight is counted when it ends). */
	@Override
	public void closeAtShutdown() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (OtlpSignal signal : OtlpSignal.values()) {
			long discarded = this.relay.queue(signal).close();
			this.relay.counters(signal).dropped(DropReason.UNSENT_AT_SHUTDOWN, discarded);
		}
	}

	/**
	 * Delivers one in-flight batch; returns the items stored, or -1 when OpenObserve could not
	 * take it now: the batch (or what is left of it) is then added to {@code unsent}, in order.
	 */
	private long deliver(OtlpSignal signal, ExportBatch batch, Deadline deadline, List<ExportBatch> unsent) {
		ExportQueue queue = this.relay.queue(signal);
		SignalCounters counters = this.relay.counters(signal);
		ForwardRequest request = new ForwardRequest(signal, batch.encoding(), body(signal, batch), batch.size(),
				batch.items());
		Outcome outcome = this.senders.get(signal).send((timeout) -> attempt(counters, request, deadline),
				this.gate.bound(deadline));
		if (outcome instanceof Outcome.Accepted accepted) {
			queue.complete(batch);
			counters.sentRequests.increment();
			counters.sentBytes.add(request.gzippedBody().length);
			counters.forwardedExports.add(batch.size());
			counters.forwardedItems.add(accepted.successful());
			if (accepted.failed() > 0) {
				counters.dropped(DropReason.REJECTED_BY_SERVER, accepted.failed());
				counters.attemptFailed(FailureKind.PARTIAL);
				report(signal + "-partial", "OpenObserve refused " + accepted.failed() + " of " + batch.items() + " "
						+ signal.key() + " items" + ((accepted.error() != null) ? ": " + accepted.error() : ""));
			}
			return accepted.successful();
		}
		if (outcome instanceof Outcome.Retryable retryable) {
			unsent.add(batch);
			report(signal + "-retryable", "OpenObserve unavailable for " + signal.key() + " ("
					+ retryable.description() + "); " + batch.items() + " items stay buffered for the next flush");
			return -1;
		}
		boolean splittable = outcome instanceof Outcome.TooLarge
				|| (outcome instanceof Outcome.Final rejected && rejected.status() == 400);
		if (splittable && batch.size() > 1) {
			return split(signal, batch, deadline, unsent);
		}
		queue.complete(batch);
		counters.dropped(DropReason.REJECTED_FINAL_STATUS, batch.items());
		String description = (outcome instanceof Outcome.Final rejected) ? rejected.description()
				: (outcome instanceof Outcome.TooLarge) ? "HTTP 413" : outcome.toString();
		report(signal + "-final", "OpenObserve rejected " + batch.items() + " " + signal.key() + " items with "
				+ description);
		return 0;
	}

	private long split(OtlpSignal signal, ExportBatch batch, Deadline deadline, List<ExportBatch> unsent) {
		List<ExportBatch> halves = batch.halves();
		long first = deliver(signal, halves.get(0), deadline, unsent);
		if (first < 0) {
			unsent.add(halves.get(1));
			return -1;
		}
		long second = deliver(signal, halves.get(1), deadline, unsent);
		return (second < 0) ? -1 : first + second;
	}

	/** Puts undelivered batches back at the front in their order, or counts them if closed. */
	private void requeue(OtlpSignal signal, List<ExportBatch> unsent) {
		for (int i = unsent.size() - 1; i >= 0; i--) {
			ExportBatch batch = unsent.get(i);
			if (!this.relay.queue(signal).requeue(batch)) {
				this.relay.counters(signal).dropped(DropReason.UNSENT_AT_SHUTDOWN, batch.items());
			}
		}
	}

	private Outcome attempt(SignalCounters counters, ForwardRequest request, Deadline deadline) {
		Duration left = this.gate.bound(deadline).remaining();
		if (left.isZero()) {
			return new Outcome.Retryable(FailureKind.TIMEOUT, "no time left in this flush", null);
		}
		Duration timeout = this.sink.requestTimeout();
		Outcome outcome = this.sink.send(request, (left.compareTo(timeout) < 0) ? left : timeout);
		FailureKind failure = Outcome.failureOf(outcome);
		if (failure != null) {
			counters.attemptFailed(failure);
		}
		return outcome;
	}

	/** The batch as one request body: protobuf exports concatenated, JSON resource lists joined; gzip-compressed. */
	static byte[] body(OtlpSignal signal, ExportBatch batch) {
		if (batch.encoding() == OtlpEncoding.JSON) {
			return BatchEncoder.gzip(JsonExports.merge(signal, batch.payloads()));
		}
		if (batch.size() == 1) {
			return BatchEncoder.gzip(batch.exports().get(0).payload());
		}
		ByteArrayOutputStream merged = new ByteArrayOutputStream((int) batch.bytes());
		batch.exports().forEach((export) -> merged.writeBytes(export.payload()));
		return BatchEncoder.gzip(merged.toByteArray());
	}

	private void report(String key, String message) {
		String safe = message;
		for (Secret secret : this.secrets) {
			safe = secret.scrub(safe);
		}
		this.pipeline.error(safe);
		this.warnings.warn(key, safe);
	}

}
