package dev.o2ext.buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.LaneCounters;
import org.jspecify.annotations.Nullable;

/**
 * The bounded queue of one delivery lane, between whoever produces its entries (the telemetry
 * listener, the OpenTelemetry receiver, the platform metrics) and the lane that sends them.
 *
 * <p>It is bounded by the <em>serialized size</em> of the entries it holds (the bytes that will
 * be sent), not by heap usage: the heap cost is that plus a small per-entry overhead. The bound
 * is a {@link ByteBudget} that every lane shares; it counts entries in flight too, so a batch
 * that fails can always return to the front.
 *
 * <p>{@link #offer} never blocks on capacity and never throws: it answers with an
 * {@link OfferResult} and counts the entry's items in the lane's {@link LaneCounters} as
 * received and accepted, or dropped with the reason. It refuses at once any entry that could
 * never fit in a request. What {@link #close()} discards, and a batch given back after it, is
 * counted as {@link DropReason#UNSENT_AT_SHUTDOWN}, so the lane's invariant holds:
 * {@code accepted = shipped + dropped after acceptance + count()}. Any thread may offer; one
 * thread at a time drains (the flush thread).
 *
 * <p>With a {@link Spill} ({@code O2_SPILL_MAX_MB}), an entry that does not fit in memory goes to
 * the spill on {@code /tmp} instead of being refused, and so does every entry after it until the
 * spill is empty again; {@link #spillQueued} moves memory there while OpenObserve is failing.
 * Memory is drained first, then the spill, oldest first, which keeps the order. The spill's
 * files are written under the lock, by the thread that offers (when memory is full) or the
 * flush thread: a segment costs one compressed write of up to one request.
 *
 * @param <T> the entry type
 */
public final class BoundedQueue<T> {

	private final ByteBudget budget;

	private final long maxEntryBytes;

	private final Measure<T> measure;

	private final LaneCounters counters;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<T> queue = new ArrayDeque<>();

	private long queuedBytes;

	private long queuedCount;

	private long inFlightBytes;

	private long inFlightCount;

	private final Spill<T> spill;

	private boolean closed;

	/**
	 * @param budget the bound of queued plus in-flight bytes, shared with the other lanes
	 * @param maxEntryBytes the largest entry accepted (the request size bound)
	 * @param counters the lane's counters, where every offer is counted
	 */
	public BoundedQueue(ByteBudget budget, long maxEntryBytes, Measure<T> measure, LaneCounters counters) {
		this(budget, maxEntryBytes, measure, counters, Spill.off(measure));
	}

	/**
	 * @param spill where entries go when memory is full ({@link Spill#off} for nowhere)
	 */
	public BoundedQueue(ByteBudget budget, long maxEntryBytes, Measure<T> measure, LaneCounters counters,
			Spill<T> spill) {
		if (maxEntryBytes > budget.capacity()) {
			throw new IllegalArgumentException("maxEntryBytes must not exceed the capacity");
		}
		this.budget = budget;
		this.maxEntryBytes = maxEntryBytes;
		this.measure = measure;
		this.counters = counters;
		this.spill = spill;
	}

	/** A queue of serialized log records. */
	public static BoundedQueue<byte[]> records(ByteBudget budget, long maxRecordBytes, LaneCounters counters) {
		return new BoundedQueue<>(budget, maxRecordBytes, Measure.RECORDS, counters);
	}

	/** A queue of serialized log records that spills when memory is full. */
	public static BoundedQueue<byte[]> records(ByteBudget budget, long maxRecordBytes, LaneCounters counters,
			Spill<byte[]> spill) {
		return new BoundedQueue<>(budget, maxRecordBytes, Measure.RECORDS, counters, spill);
	}

	/** A queue of serialized log records with a budget of its own. */
	public static BoundedQueue<byte[]> records(long capacityBytes, long maxRecordBytes, LaneCounters counters) {
		return records(new ByteBudget(capacityBytes), maxRecordBytes, counters);
	}

	public Measure<T> measure() {
		return this.measure;
	}

	public LaneCounters counters() {
		return this.counters;
	}

	/** Takes the entry if it fits, counting it either way; never blocks, never throws. */
	public OfferResult offer(T entry) {
		OfferResult result = take(entry);
		long count = this.measure.count(entry);
		this.counters.received(count);
		DropReason reason = result.dropReason();
		if (reason == null) {
			this.counters.accepted(count);
		}
		else {
			this.counters.dropped(reason, count);
		}
		return result;
	}

	private OfferResult take(T entry) {
		long bytes = this.measure.bytes(entry);
		if (bytes > this.maxEntryBytes) {
			return OfferResult.TOO_LARGE;
		}
		this.lock.lock();
		try {
			if (this.closed) {
				return OfferResult.CLOSED;
			}
			if (!this.spill.isEmpty() && !promoteStaging()) {
				// behind what is spilled, to keep the order
				return this.spill.stage(entry) ? OfferResult.ACCEPTED : OfferResult.FULL;
			}
			if (!this.budget.tryReserve(bytes)) {
				return (this.spill.enabled() && this.spill.stage(entry)) ? OfferResult.ACCEPTED : OfferResult.FULL;
			}
			addToMemory(entry, bytes);
			return OfferResult.ACCEPTED;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void addToMemory(T entry, long bytes) {
		this.queue.addLast(entry);
		this.queuedBytes += bytes;
		this.queuedCount += this.measure.count(entry);
	}

	/**
	 * Moves the staged entries of the spill, oldest first, into memory while it has room, when
	 * nothing is on disk; {@code true} when none is left staged.
	 */
	private boolean promoteStaging() {
		if (this.spill.hasSegments()) {
			return false;
		}
		for (T staged : this.spill.takeStaging(this.budget::tryReserve)) {
			addToMemory(staged, this.measure.bytes(staged));
		}
		return this.spill.isEmpty();
	}

	/**
	 * Takes up to the given number of entries and bytes from the front, in order, while they may
	 * join the first ({@link Measure#joins}), and marks them in flight. The first entry is always
	 * taken when there is one, however large. When memory is empty, the batch is the spill's
	 * oldest segment.
	 * @return the batch, empty when nothing is queued
	 */
	public Batch<T> drain(int maxEntries, long maxBytes) {
		this.lock.lock();
		try {
			if (this.queue.isEmpty() && this.spill.enabled()) {
				Batch<T> spilled = drainSpill(maxEntries, maxBytes);
				if (spilled != null) {
					return spilled;
				}
			}
			int n = this.measure.fitting(this.queue.iterator(), maxEntries, maxBytes);
			List<T> entries = new ArrayList<>(n);
			long bytes = 0;
			long count = 0;
			for (int i = 0; i < n; i++) {
				T next = this.queue.pollFirst();
				entries.add(next);
				bytes += this.measure.bytes(next);
				count += this.measure.count(next);
			}
			this.queuedBytes -= bytes;
			this.queuedCount -= count;
			this.inFlightBytes += bytes;
			this.inFlightCount += count;
			return new Batch<>(entries, bytes, count);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The spill's oldest segment, or null after moving what is only staged into memory (what does not fit waits). */
	private @Nullable Batch<T> drainSpill(int maxEntries, long maxBytes) {
		Batch<T> spilled = this.spill.drain(maxEntries, maxBytes);
		if (spilled == null && !this.spill.isEmpty() && !this.spill.hasSegments()) {
			// only staged entries: into memory, where the caller drains them (what does not fit waits)
			promoteStaging();
		}
		return spilled;
	}

	/**
	 * Moves what is in memory to the spill, the newest first, each segment before the ones
	 * already there, until memory is empty, a write fails or {@code stop} says so; the staged
	 * entries are written too. For a lane whose OpenObserve keeps failing: the data then waits on
	 * disk, where it survives a restart of the extension, and memory is free. A no-op without a
	 * spill.
	 */
	public void spillQueued(BooleanSupplier stop) {
		this.lock.lock();
		try {
			if (!this.spill.enabled() || this.closed || !this.spill.writeStaging()) {
				return;
			}
			while (!this.queue.isEmpty() && !stop.getAsBoolean()) {
				int n = this.measure.fitting(this.queue.descendingIterator(), this.spill.segmentEntries(),
						this.spill.segmentBytes());
				List<T> newest = new ArrayList<>(n);
				long bytes = 0;
				Iterator<T> backwards = this.queue.descendingIterator();
				for (int i = 0; i < n; i++) {
					T entry = backwards.next();
					newest.add(entry);
					bytes += this.measure.bytes(entry);
				}
				Collections.reverse(newest);
				if (!this.spill.prepend(newest)) {
					return;
				}
				long count = 0;
				for (int i = 0; i < n; i++) {
					count += this.measure.count(this.queue.pollLast());
				}
				this.queuedBytes -= bytes;
				this.queuedCount -= count;
				this.budget.release(bytes);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Releases an in-flight batch that ended: shipped, or dropped and counted by the caller. */
	public void complete(Batch<T> batch) {
		this.lock.lock();
		try {
			if (batch.spilled()) {
				this.spill.complete(batch);
				return;
			}
			this.inFlightBytes -= batch.bytes();
			this.inFlightCount -= batch.count();
			this.budget.release(batch.bytes());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns an in-flight batch to the front, in its order, to be sent by a later flush.
	 * @return {@code false} when the queue was closed meanwhile: the batch is released and
	 * counted as unsent instead
	 */
	public boolean requeue(Batch<T> batch) {
		this.lock.lock();
		try {
			if (batch.spilled()) {
				this.spill.requeue(batch);
				return !this.closed;
			}
			this.inFlightBytes -= batch.bytes();
			this.inFlightCount -= batch.count();
			if (this.closed) {
				this.budget.release(batch.bytes());
				this.counters.dropped(DropReason.UNSENT_AT_SHUTDOWN, batch.count());
				return false;
			}
			List<T> entries = batch.entries();
			for (int i = entries.size() - 1; i >= 0; i--) {
				this.queue.addFirst(entries.get(i));
			}
			this.queuedBytes += batch.bytes();
			this.queuedCount += batch.count();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether entries wait to be drained, in memory or spilled (in-flight ones do not count). */
	public boolean hasQueued() {
		this.lock.lock();
		try {
			return !this.queue.isEmpty() || this.spill.hasDrainable();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuses every later offer and empties the queue, counting what it discards as unsent;
	 * idempotent. A batch in flight is counted by the flush that holds it, when it ends. The
	 * spill's files are removed: the sandbox ends.
	 * @return the items discarded
	 */
	public long close() {
		this.lock.lock();
		try {
			this.closed = true;
			long discarded = this.queuedCount;
			this.queue.clear();
			this.budget.release(this.queuedBytes);
			this.queuedBytes = 0;
			this.queuedCount = 0;
			this.counters.dropped(DropReason.UNSENT_AT_SHUTDOWN, discarded);
			return discarded + this.spill.close();
		}
		finally {
			this.lock.unlock();
		}
	}

	public QueueStats stats() {
		this.lock.lock();
		try {
			return new QueueStats(this.queuedCount + this.inFlightCount + this.spill.count(),
					this.queuedBytes + this.inFlightBytes, this.inFlightCount + this.spill.inFlightCount(),
					this.budget.capacity(), this.budget.highWater(), this.closed, this.spill.count(),
					this.spill.diskBytes(), this.spill.segmentCount());
		}
		finally {
			this.lock.unlock();
		}
	}

}
