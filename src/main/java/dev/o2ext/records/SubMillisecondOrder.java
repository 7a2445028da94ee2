package dev.o2ext.records;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the order of records within one millisecond. The Telemetry API's times have
 * millisecond resolution, and OpenObserve orders by {@code _timestamp} (µs): the k-th record
 * seen with the same millisecond gets k µs added (up to 999), so records of one sandbox sort in
 * the order Lambda delivered them, which for one stream (stdout and stderr of the function) is
 * the order they were written. A time that already has microseconds is left alone. The last
 * {@value #REMEMBERED} milliseconds are remembered, so a millisecond split across two batches
 * goes on counting. Thread-safe.
 */
public final class SubMillisecondOrder {

	static final int REMEMBERED = 256;

	private final Map<Long, int[]> seen = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
			return size() > REMEMBERED;
		}

	};

	/** The time to store for the next record with this time (epoch µs). */
	public synchronized long next(long epochMicros) {
		if (epochMicros % 1000 != 0) {
			return epochMicros;
		}
		int[] count = this.seen.computeIfAbsent(epochMicros, (ms) -> new int[1]);
		int offset = count[0];
		if (offset < 999) {
			count[0]++;
		}
		return epochMicros + offset;
	}

}
