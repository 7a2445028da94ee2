package dev.o2ext.otlp;

import java.util.EnumMap;
import java.util.Map;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.OfferResult;
import dev.o2ext.buffer.SpillDirectory;
import dev.o2ext.metrics.LaneCounters;
import dev.o2ext.metrics.PipelineMetrics;

/**
 * The relay's shared state: one queue per signal (the head of the signal's delivery lane, on
 * the extension's shared {@link ByteBudget}, counted in the lane's counters), what the receiver
 * counted, and whether the receiver listens. The receiver fills the queues, the lanes empty
 * them, diagnostics reads {@link #snapshot()}. Thread-safe.
 */
public final class OtlpRelay {

	private final Map<OtlpSignal, BoundedQueue<Export>> queues = new EnumMap<>(OtlpSignal.class);

	private final Map<OtlpSignal, ReceiverCounters> received = new EnumMap<>(OtlpSignal.class);

	private volatile String receiverState = "starting";

	private volatile int receiverPort;

	/**
	 * @param budget the extension's memory bound, shared with the log lane
	 * @param maxExportBytes the largest export accepted (the receiver's body limit)
	 * @param metrics where each signal's lane counters are ({@link OtlpSignal#laneName()})
	 */
	public OtlpRelay(ByteBudget budget, long maxExportBytes, PipelineMetrics metrics) {
		this(budget, maxExportBytes, metrics, SpillDirectory.OFF, maxExportBytes);
	}

	/**
	 * @param spill where each signal's queue spills, in a subdirectory named after its lane
	 * @param batchMaxBytes the bound of one request, and so of one spilled segment
	 */
	public OtlpRelay(ByteBudget budget, long maxExportBytes, PipelineMetrics metrics, SpillDirectory spill,
			long batchMaxBytes) {
		for (OtlpSignal signal : OtlpSignal.values()) {
			LaneCounters counters = metrics.lane(signal.laneName());
			this.queues.put(signal, new BoundedQueue<>(budget, Math.min(maxExportBytes, budget.capacity()),
					Export.MEASURE, counters, spill.lane(signal.laneName(), Export.MEASURE, Export.CODEC, counters,
							Integer.MAX_VALUE, batchMaxBytes)));
			this.received.put(signal, new ReceiverCounters());
		}
	}

	/** The queue of a signal's lane. */
	public BoundedQueue<Export> queue(OtlpSignal signal) {
		return this.queues.get(signal);
	}

	ReceiverCounters received(OtlpSignal signal) {
		return this.received.get(signal);
	}

	/**
	 * Queues an export the extension wrote itself (its platform and delivery metrics), counted
	 * in the signal's lane like a received one; never blocks.
	 * @param protobufRequest a serialized {@code Export…ServiceRequest}
	 * @param items its data points (or spans, log records)
	 * @return whether the queue took it; a refusal is counted as a drop
	 */
	public OfferResult offerOwn(OtlpSignal signal, byte[] protobufRequest, int items) {
		return this.queues.get(signal).offer(new Export(OtlpEncoding.PROTOBUF, protobufRequest, items));
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
			ReceiverCounters counters = this.received.get(signal);
			BoundedQueue<Export> queue = this.queues.get(signal);
			signals.put(signal, new SignalSnapshot(counters.requests.sum(), counters.requestBytes.sum(),
					counters.refused.snapshot(), queue.counters().snapshot(), queue.stats()));
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
