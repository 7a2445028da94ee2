package dev.o2ext.otlp;

import java.util.concurrent.atomic.LongAdder;

import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.EnumCounters;
import dev.o2ext.metrics.FailureKind;

/**
 * The counters of one signal; thread-safe (the receiver's event loop, the flush thread and the
 * lifecycle thread write them). Items are spans, log records or metric data points.
 *
 * <p>The invariant, which tests assert: {@code receivedItems = acceptedItems + items dropped at
 * ingest} and {@code acceptedItems = forwardedItems + items dropped after acceptance (rejected by
 * the server included) + items queued or in flight}.
 */
final class SignalCounters {

	final LongAdder requests = new LongAdder();

	final LongAdder requestBytes = new LongAdder();

	final LongAdder receivedItems = new LongAdder();

	final LongAdder acceptedExports = new LongAdder();

	final LongAdder acceptedItems = new LongAdder();

	final LongAdder forwardedItems = new LongAdder();

	final LongAdder forwardedExports = new LongAdder();

	final LongAdder sentRequests = new LongAdder();

	final LongAdder sentBytes = new LongAdder();

	final LongAdder retries = new LongAdder();

	private final EnumCounters<Refusal> refused = new EnumCounters<>(Refusal.class);

	private final EnumCounters<DropReason> dropped = new EnumCounters<>(DropReason.class);

	private final EnumCounters<FailureKind> failures = new EnumCounters<>(FailureKind.class);

	void refused(Refusal refusal) {
		this.refused.increment(refusal);
	}

	void dropped(DropReason reason, long items) {
		this.dropped.add(reason, items);
	}

	void attemptFailed(FailureKind kind) {
		this.failures.increment(kind);
	}

	SignalSnapshot snapshot(QueueStats queue) {
		return new SignalSnapshot(this.requests.sum(), this.requestBytes.sum(), this.refused.snapshot(),
				this.receivedItems.sum(),
				this.acceptedExports.sum(), this.acceptedItems.sum(), this.forwardedItems.sum(),
				this.forwardedExports.sum(), this.sentRequests.sum(), this.sentBytes.sum(), this.retries.sum(),
				this.dropped.snapshot(), this.failures.snapshot(), queue);
	}

}
