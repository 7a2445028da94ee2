package dev.o2ext.buffer;

import java.util.List;

/**
 * Records taken from the buffer for one request, in buffer order. A batch is in flight until it
 * is given back to the buffer with {@link RecordBuffer#complete} or {@link RecordBuffer#requeue}.
 *
 * @param records serialized JSON objects, one per record
 * @param bytes the sum of their sizes
 */
public record Batch(List<byte[]> records, long bytes) {

	public static Batch of(List<byte[]> records) {
		long bytes = 0;
		for (byte[] record : records) {
			bytes += record.length;
		}
		return new Batch(List.copyOf(records), bytes);
	}

	public int size() {
		return this.records.size();
	}

	public boolean isEmpty() {
		return this.records.isEmpty();
	}

	/** The two halves of this batch, for a server that found it too large; needs two records. */
	public List<Batch> halves() {
		int middle = this.records.size() / 2;
		return List.of(of(this.records.subList(0, middle)), of(this.records.subList(middle, this.records.size())));
	}

}
