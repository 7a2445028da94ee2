package dev.o2ext.buffer;

import java.util.Iterator;

/**
 * What a {@link BoundedQueue} needs to know about the entries it carries: their serialized size
 * (what the byte bound counts), how many counted items each holds (one log record; the spans,
 * log records or data points of an OpenTelemetry export) and which entries may share a request.
 *
 * @param <T> the entry type
 */
public interface Measure<T> {

	/** One serialized log record: its bytes, one item, any two may share a request. */
	Measure<byte[]> RECORDS = new Measure<>() {

		@Override
		public long bytes(byte[] entry) {
			return entry.length;
		}

		@Override
		public long count(byte[] entry) {
			return 1;
		}

	};

	/** Serialized bytes; what the byte bound counts. */
	long bytes(T entry);

	/** Items in it, as the counters count them. */
	long count(T entry);

	/** Whether {@code next} may go into the same request as a batch that begins with {@code first}. */
	default boolean joins(T first, T next) {
		return true;
	}

	/**
	 * How many of {@code entries}, from the first, make one request: at most {@code maxEntries},
	 * at most {@code maxBytes} (the first entry always, however large), each one joining the first.
	 * The one rule by which a queue's memory and its spill cut their batches and segments.
	 */
	default int fitting(Iterator<T> entries, int maxEntries, long maxBytes) {
		int n = 0;
		long bytes = 0;
		T first = null;
		while (n < maxEntries && entries.hasNext()) {
			T next = entries.next();
			long size = bytes(next);
			if (first == null) {
				first = next;
			}
			else if (bytes + size > maxBytes || !joins(first, next)) {
				break;
			}
			bytes += size;
			n++;
		}
		return n;
	}

}
