package dev.o2ext.otlp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.OfferResult;

/**
 * The queue of one signal's accepted exports between the receiver and the forwarder, bounded
 * by the extension's shared {@link ByteBudget} (serialized payload bytes, not heap; the logs
 * draw on the same budget). Like the log buffer it never blocks and never throws: an offer is
 * taken or refused with a reason that the receiver turns into an answer and a count. Batches in
 * flight still hold their bytes, so a failed batch can always return to the front.
 *
 * <p>The receiver offers on the event loop; one thread at a time drains (the flush thread).
 * After {@link #close()} every offer is refused.
 */
final class ExportQueue {

	private final ByteBudget budget;

	private final long maxExportBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Export> queue = new ArrayDeque<>();

	private long queuedBytes;

	private long queuedItems;

	private long inFlightBytes;

	private long inFlightItems;

	private boolean closed;

	/**
	 * @param budget the bound, shared with the other buffers
	 * @param maxExportBytes the largest payload taken (the receiver's body limit)
	 */
	ExportQueue(ByteBudget budget, long maxExportBytes) {
		this.budget = budget;
		this.maxExportBytes = maxExportBytes;
	}

	/** Takes the export if it fits; never blocks, never throws. */
	OfferResult offer(Export export) {
		long bytes = export.payload().length;
		if (bytes > this.maxExportBytes) {
			return OfferResult.TOO_LARGE;
		}
		this.lock.lock();
		try {
			if (this.closed) {
				return OfferResult.CLOSED;
			}
			if (!this.budget.tryReserve(bytes)) {
				return OfferResult.FULL;
			}
			this.queue.addLast(export);
			this.queuedBytes += bytes;
			this.queuedItems += export.items();
			return OfferResult.ACCEPTED;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes exports from the front while they have the first one's encoding and fit in
	 * {@code maxBytes}; the first is always taken, however large.
	 * @return the batch, empty when nothing is queued
	 */
	ExportBatch drain(long maxBytes) {
		this.lock.lock();
		try {
			List<Export> exports = new ArrayList<>();
			long bytes = 0;
			int items = 0;
			while (!this.queue.isEmpty()) {
				Export next = this.queue.peekFirst();
				if (!exports.isEmpty() && (next.encoding() != exports.get(0).encoding()
						|| bytes + next.payload().length > maxBytes)) {
					break;
				}
				this.queue.pollFirst();
				exports.add(next);
				bytes += next.payload().length;
				items += next.items();
			}
			this.queuedBytes -= bytes;
			this.queuedItems -= items;
			this.inFlightBytes += bytes;
			this.inFlightItems += items;
			return new ExportBatch(exports, bytes, items);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Releases an in-flight batch that ended: delivered, or dropped and counted by the caller. */
	void complete(ExportBatch batch) {
		this.lock.lock();
		try {
			this.inFlightBytes -= batch.bytes();
			this.inFlightItems -= batch.items();
			this.budget.release(batch.bytes());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns an in-flight batch to the front, in its order.
	 * @return false when the queue was closed meanwhile: the batch is released instead, and the
	 * caller counts it as unsent
	 */
	boolean requeue(ExportBatch batch) {
		this.lock.lock();
		try {
			this.inFlightBytes -= batch.bytes();
			this.inFlightItems -= batch.items();
			if (this.closed) {
				this.budget.release(batch.bytes());
				return false;
			}
			List<Export> exports = batch.exports();
			for (int i = exports.size() - 1; i >= 0; i--) {
				this.queue.addFirst(exports.get(i));
			}
			this.queuedBytes += batch.bytes();
			this.queuedItems += batch.items();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether exports wait to be drained (in-flight ones do not count). */
	boolean hasQueued() {
		this.lock.lock();
		try {
			return !this.queue.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuses every later offer and empties the queue; idempotent.
	 * @return the items discarded, for the caller to count
	 */
	long close() {
		this.lock.lock();
		try {
			this.closed = true;
			long discarded = this.queuedItems;
			this.queue.clear();
			this.budget.release(this.queuedBytes);
			this.queuedBytes = 0;
			this.queuedItems = 0;
			return discarded;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Exports, items and bytes waiting, in flight included. */
	QueueStats stats() {
		this.lock.lock();
		try {
			return new QueueStats(this.queue.size(), this.queuedItems + this.inFlightItems,
					this.queuedBytes + this.inFlightBytes, this.closed);
		}
		finally {
			this.lock.unlock();
		}
	}

}
