package dev.o2ext.buffer;

import java.nio.file.Path;

import dev.o2ext.metrics.LaneCounters;
import org.jspecify.annotations.Nullable;

/**
 * Where the lanes spill ({@code O2_SPILL_DIR}), one subdirectory per lane, and the bound they
 * share ({@code O2_SPILL_MAX_MB}); or nowhere.
 */
public final class SpillDirectory {

	/** No spill. */
	public static final SpillDirectory OFF = new SpillDirectory(null, 0);

	private final @Nullable Path root;

	private final ByteBudget disk;

	private SpillDirectory(@Nullable Path root, long maxBytes) {
		this.root = root;
		this.disk = new ByteBudget(maxBytes);
	}

	/** A spill in {@code root} bounded by {@code maxBytes} of files; {@link #OFF} when {@code maxBytes} is 0. */
	public static SpillDirectory of(Path root, long maxBytes) {
		return (maxBytes > 0) ? new SpillDirectory(root, maxBytes) : OFF;
	}

	/**
	 * The spill of one lane, in the subdirectory named after it.
	 * @param maxEntries entries of one segment (the lane's request bound)
	 * @param maxBytes serialized bytes of one segment (the lane's request bound)
	 */
	public <T> Spill<T> lane(String lane, Measure<T> measure, EntryCodec<T> codec, LaneCounters counters,
			int maxEntries, long maxBytes) {
		Path directory = this.root;
		if (directory == null) {
			return Spill.off(measure);
		}
		return Spill.open(directory.resolve(lane), measure, codec, this.disk, counters, maxEntries, maxBytes);
	}

}
