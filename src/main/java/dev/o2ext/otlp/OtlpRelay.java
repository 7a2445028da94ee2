package dev.o2ext.otlp;

import java.util.EnumMap;
import java.util.Map;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.OfferResult;
import dev.o2ext.metrics.DropReason;

/**
 * The relay's shared state: one {@link ExportQueue} and one set of counters per signal, and
 * whether the receiver listens. The receiver fills the queues, the {@link OtlpForwarder}
 * empties them, diagnostics reads {@link #snapshot()}. Thread-safe.
 */
public final class OtlpRelay {

	private final Map<OtlpSignal, ExportQueue> queues = new EnumMap<>(OtlpSignal.class);

	private final Map<OtlpSignal, SignalCounters> counters = new EnumMap<>(OtlpSignal.class);

	private volatile String receiverState = "starting";

	private volatile int receiverPort;

	/**
	 * @param budget the extension's memory bound, shared with the log buffer
	 * @param maxExportBytes the largest export accepted (the receiver's body limit)
	 */
	public OtlpRelay(ByteBudget budget, long maxExportBytes) {
		for (OtlpSignal signal : OtlpSignal.values()) {
			this.queues.put(signal, new ExportQueue(budget, maxExportBytes));
			this.counters.put(signal, new SignalCounters());
		}
	}

	ExportQueue queue(OtlpSignal signal) {
		return this.queues.get(signal);
	}

	SignalCounters counters(OtlpSignal signal) {
		return this.counters.get(signal);
	}

	/**
	 * Queues an export the extension wrote itself (its platform and delivery metrics), counted
	 * in the signal's counters like a received one; never blocks.
	 * @param protobufRequest a serialized {@code Export…ServiceRequest}
	 * @param items its data points (or spans, log records)
	 * @return whether the queue took it; a refusal is counted as a drop
	 */
	public OfferResult offerOwn(OtlpSignal signal, byte[] protobufRequest, int items) {
		SignalCounters counters = this.counters.get(signal);
		counters.receivedItems.add(items);
		OfferResult result = this.queues.get(signal).offer(new Export(OtlpEncoding.PROTOBUF, protobufRequest, items));
		if (result == OfferResult.ACCEPTED) {
			counters.acceptedExports.increment();
			counters.acceptedItems.add(items);
		}
		else {
			counters.dropped((result == OfferResult.CLOSED) ? DropReason.SHUT_DOWN
					: (result == OfferResult.TOO_LARGE) ? DropReason.RECORD_TOO_LARGE : DropReason.BUFFER_FULL, items);
		}
		return result;
	}

	/** The receiver is bound to the port. */
	public void receiverListening(int port) {
		this.receiverPort = port;
		this.receiverState = "listening";
	}

	/** The receiver does not run; {@code state} says why ({@code disabled}, {@code port_taken}). */
	public void receiverNotRunning(String state) {
		this.receiverPort = 0;
		this.receiverState = state;
	}

	/** A copy of every signal's counters and queue, with the receiver's state. */
	public Snapshot snapshot() {
		Map<OtlpSignal, SignalSnapshot> signals = new EnumMap<>(OtlpSignal.class);
		for (OtlpSignal signal : OtlpSignal.values()) {
			signals.put(signal, this.counters.get(signal).snapshot(this.queues.get(signal).stats()));
		}
		return new Snapshot(this.receiverState, this.receiverPort, signals);
	}

	/**
	 * The relay at one moment.
	 * @param receiver {@code listening}, {@code disabled}, {@code port_taken} or {@code starting}
	 * @param port the receiver's port, 0 when it does not listen
	 * @param signals counters and queue of each signal
	 */
	public record Snapshot(String receiver, int port, Map<OtlpSignal, SignalSnapshot> signals) {
	}

}
