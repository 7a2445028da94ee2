package dev.o2ext.otlp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import dev.o2ext.metrics.DropReason;
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

	private final AtomicLongArray refused = new AtomicLongArray(Refusal.values().length);

	private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

	private final AtomicLongArray failures = new AtomicLongArray(FailureKind.values().length);

	void refused(Refusal refusal) {
		this.refused.incrementAndGet(refusal.ordinal());
	}

	void dropped(DropReason reason, long items) {
		this.dropped.addAndGet(reason.ordinal(), items);
	}

	void attemptFailed(FailureKind kind) {
		this.failures.incrementAndGet(kind.ordinal());
	}

	SignalSnapshot snapshot(QueueStats queue) {
		Map<Refusal, Long> refusals = new EnumMap<>(Refusal.class);
		for (Refusal refusal : Refusal.values()) {
			refusals.put(refusal, this.refused.get(refusal.ordinal()));
		}
		Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
		for (DropReason reason : DropReason.values()) {
			drops.put(reason, this.dropped.get(reason.ordinal()));
		}
		Map<FailureKind, Long> failed = new EnumMap<>(FailureKind.class);
		for (FailureKind kind : FailureKind.values()) {
			failed.put(kind, this.failures.get(kind.ordinal()));
		}
		return new SignalSnapshot(this.requests.sum(), this.requestBytes.sum(), refusals, this.receivedItems.sum(),
				this.acceptedExports.sum(), this.acceptedItems.sum(), this.forwardedItems.sum(),
				this.forwardedExports.sum(), this.sentRequests.sum(), this.sentBytes.sum(), this.retries.sum(), drops,
				failed, queue);
	}

}
