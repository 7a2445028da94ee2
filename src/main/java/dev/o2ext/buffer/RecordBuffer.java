package dev.o2ext.buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer of serialized records between the telemetry listener and the shipper.
 *
 * <p>It is bounded by the <em>serialized size</em> of the records it holds (the JSON bytes that
 * will be sent), not by heap usage: the heap cost is that plus a small per-record overhead. The
 * bound is a {@link ByteBudget} that other buffers may share; it counts records in flight too,
 * so a batch that fails can always return to the front.
 *
 * <p>{@link #offer} never blocks on capacity and never throws: it answers with an
 * {@link OfferResult} that the caller counts. It refuses at once any record that could never
 * fit in a batch. Any thread may offer; one thread at a time drains (the shipping thread).
 * After {@link #close()} every offer is refused with {@link OfferResult#CLOSED}.
 */
public final class RecordBuffer {

	private final ByteBudget budget;

	private final long maxRecordBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<byte[]> queue = new ArrayDeque<>();

	private long queuedBytes;

	private long inFlightBytes;

	private long inFlightRecords;

	private boolean closed;

	/**
	 * @param budget the bound of queued plus in-flight bytes, possibly shared
	 * @param maxRecordBytes the largest record accepted (the batch size bound)
	 */
	public RecordBuffer(ByteBudget budget, long maxRecordBytes) {
		if (maxRecordBytes > budget.capacity()) {
			throw new IllegalArgumentException("maxRecordBytes must not exceed the capacity");
		}
		this.budget = budget;
		this.maxRecordBytes = maxRecordBytes;
	}

	/** A buffer with a budget of its own. */
	public RecordBuffer(long capacityBytes, long maxRecordBytes) {
		this(new ByteBudget(capacityBytes), maxRecordBytes);
	}

	/** Takes the record if it fits; never blocks, never throws. */
	public OfferResult offer(byte[] record) {
		if (record.length > this.maxRecordBytes) {
			return OfferResult.TOO_LARGE;
		}
		this.lock.lock();
		try {
			if (this.closed) {
				return OfferResult.CLOSED;
			}
			if (!this.budget.tryReserve(record.length)) {
				return OfferResult.FULL;
			}
			this.queue.addLast(record);
			this.queuedBytes += record.length;
			return OfferResult.ACCEPTED;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes up to the given number of records and bytes from the front, in order, and marks them
	 * in flight. The first record is always taken when there is one (records are never larger
	 * than {@code maxBytes}, which is at least the largest record accepted).
	 * @return the batch, empty when nothing is queued
	 */
	public Batch drain(int maxRecords, long maxBytes) {
		this.lock.lock();
		try {
			List<byte[]> records = new ArrayList<>(Math.min(maxRecords, this.queue.size()));
			long bytes = 0;
			while (records.size() < maxRecords && !this.queue.isEmpty()) {
				byte[] next = this.queue.peekFirst();
				if (!records.isEmpty() && bytes + next.length > maxBytes) {
					break;
				}
				this.queue.pollFirst();
				records.add(next);
				bytes += next.length;
			}
			this.queuedBytes -= bytes;
			this.inFlightBytes += bytes;
			this.inFlightRecords += records.size();
			return new Batch(records, bytes);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Releases an in-flight batch that ended: shipped, or dropped and counted by the caller. */
	public void complete(Batch batch) {
		this.lock.lock();
		try {
			this.inFlightBytes -= batch.bytes();
			this.inFlightRecords -= batch.size();
			this.budget.release(batch.bytes());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns an in-flight batch to the front, in its order, to be sent by a later flush.
	 * @return {@code false} when the buffer was closed meanwhile: the batch is released instead,
	 * and the caller counts it as unsent
	 */
	public boolean requeue(Batch batch) {
		this.lock.lock();
		try {
			if (this.closed) {
				this.inFlightBytes -= batch.bytes();
				this.inFlightRecords -= batch.size();
				this.budget.release(batch.bytes());
				return false;
			}
			List<byte[]> records = batch.records();
			for (int i = records.size() - 1; i >= 0; i--) {
				this.queue.addFirst(records.get(i));
			}
			this.inFlightBytes -= batch.bytes();
			this.inFlightRecords -= batch.size();
			this.queuedBytes += batch.bytes();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether records wait to be drained (in-flight ones do not count). */
	public boolean hasQueued() {
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
	 * @return the number of queued records discarded, for the caller to count
	 */
	public int close() {
		this.lock.lock();
		try {
			this.closed = true;
			int discarded = this.queue.size();
			this.queue.clear();
			this.budget.release(this.queuedBytes);
			this.queuedBytes = 0;
			return discarded;
		}
		finally {
			this.lock.unlock();
		}
	}

	public BufferStats stats() {
		this.lock.lock();
		try {
			return new BufferStats(this.queue.size() + this.inFlightRecords, this.queuedBytes + this.inFlightBytes,
					this.inFlightRecords, this.budget.capacity(), this.budget.highWater(), this.closed);
		}
		finally {
			this.lock.unlock();
		}
	}

}
