package dev.o2ext.buffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory bound shared by every buffer of the extension (log records and OpenTelemetry
 * exports): bytes are reserved when data is accepted and released when it has been delivered
 * or dropped. Counts serialized bytes, not heap. Thread-safe and lock-free; never blocks.
 */
public final class ByteBudget {

	private final long capacity;

	private final AtomicLong used = new AtomicLong();

	private final AtomicLong highWater = new AtomicLong();

	public ByteBudget(long capacity) {
		this.capacity = capacity;
	}

	/** Reserves the bytes if they fit. */
	public boolean tryReserve(long bytes) {
		while (true) {
			long current = this.used.get();
			long next = current + bytes;
			if (next > this.capacity) {
				return false;
			}
			if (this.used.compareAndSet(current, next)) {
				this.highWater.accumulateAndGet(next, Math::max);
				return true;
			}
		}
	}

	/** Gives reserved bytes back. */
	public void release(long bytes) {
		this.used.addAndGet(-bytes);
	}

	/**
	 * Changes what is held by {@code delta} in one step, without the bound's check: for what
	 * already exists and replaced something of another size (a spilled file rewritten with the
	 * rest of its entries, which is almost always smaller; when gzip makes it a few bytes larger,
	 * those few bytes are held over the bound until it is removed).
	 */
	public void adjust(long delta) {
		long next = this.used.addAndGet(delta);
		this.highWater.accumulateAndGet(next, Math::max);
	}

	public long used() {
		return this.used.get();
	}

	public long capacity() {
		return this.capacity;
	}

	public long highWater() {
		return this.highWater.get();
	}

}
