package dev.o2ext.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One counter per constant of an enum (drop reasons, failure kinds, …). Thread-safe and
 * lock-free; {@link #snapshot()} copies every counter into an {@link EnumMap}.
 *
 * @param <E> the enum
 */
public final class EnumCounters<E extends Enum<E>> {

	private final Class<E> type;

	private final AtomicLongArray counts;

	public EnumCounters(Class<E> type) {
		this.type = type;
		this.counts = new AtomicLongArray(type.getEnumConstants().length);
	}

	public void add(E key, long amount) {
		this.counts.addAndGet(key.ordinal(), amount);
	}

	public void increment(E key) {
		this.counts.incrementAndGet(key.ordinal());
	}

	public long get(E key) {
		return this.counts.get(key.ordinal());
	}

	/** Every constant with its count, zeros included. */
	public Map<E, Long> snapshot() {
		Map<E, Long> copy = new EnumMap<>(this.type);
		for (E key : this.type.getEnumConstants()) {
			copy.put(key, this.counts.get(key.ordinal()));
		}
		return copy;
	}

}
