package dev.o2ext.buffer;

import java.util.List;

/**
 * Entries taken from a {@link BoundedQueue} for one request, in queue order. A batch is in
 * flight until it is given back with {@link BoundedQueue#complete} or {@link BoundedQueue#requeue}.
 *
 * @param entries the entries (serialized log records, OpenTelemetry exports)
 * @param bytes the sum of their serialized sizes
 * @param count the sum of their items (records, spans, data points)
 * @param spilled whether the entries were read back from the {@link Spill} (they go back there)
 * @param <T> the entry type
 */
public record Batch<T>(List<T> entries, long bytes, long count, boolean spilled) {

	/** A batch from the queue's memory. */
	public Batch(List<T> entries, long bytes, long count) {
		this(entries, bytes, count, false);
	}

	public static <T> Batch<T> of(List<T> entries, Measure<T> measure) {
		return of(entries, measure, false);
	}

	/** A batch read back from the spill. */
	static <T> Batch<T> spilled(List<T> entries, Measure<T> measure) {
		return of(entries, measure, true);
	}

	private static <T> Batch<T> of(List<T> entries, Measure<T> measure, boolean spilled) {
		long bytes = 0;
		long count = 0;
		for (T entry : entries) {
			bytes += measure.bytes(entry);
			count += measure.count(entry);
		}
		return new Batch<>(List.copyOf(entries), bytes, count, spilled);
	}

	/** Entries in it (not items). */
	public int size() {
		return this.entries.size();
	}

	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/** The two halves of this batch, for a server that refused the whole; needs two entries. */
	public List<Batch<T>> halves(Measure<T> measure) {
		int middle = this.entries.size() / 2;
		return List.of(of(this.entries.subList(0, middle), measure, this.spilled),
				of(this.entries.subList(middle, this.entries.size()), measure, this.spilled));
	}

}
