package dev.o2ext.buffer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.LaneCounters;
import dev.o2ext.metrics.ThrottledLog;
import org.jspecify.annotations.Nullable;

/**
 * The spill of one lane's queue to {@code /tmp} ({@code O2_SPILL_MAX_MB}): batches written
 * compressed to files, one file a segment, so that a long outage, or a burst faster than
 * OpenObserve takes it, costs disk instead of data, and what is spilled survives a restart of
 * the extension in the same sandbox.
 *
 * <p>The queue's order is: its memory, then the spilled segments oldest first, then the
 * <em>staging</em> — the entries that arrived while the memory was full or segments were waiting,
 * gathered in memory until they make a segment. Because memory comes first, a batch in flight
 * from memory that fails goes back to the front of memory with nothing spilled overtaking it;
 * new entries queue behind the spill until it is empty. Moving memory out to the spill (while
 * OpenObserve is failing) takes the newest entries of memory and puts them before the oldest
 * segment, which keeps the order.
 *
 * <p>A segment is a batch the lane sends as one request (the lane's entry and byte bounds). The
 * spill is bounded by a {@link ByteBudget} of file bytes shared by every lane; to fit a new
 * segment the oldest segments of this lane are removed, counted as {@link DropReason#SPILL_FULL}.
 * A segment that cannot be written (the disk is full, the directory unwritable) is not counted
 * as spilled: the caller keeps or refuses what it held, as without a spill. A segment that cannot
 * be read back is counted as {@link DropReason#SPILL_FAILED}. Files are written under a temporary
 * name and renamed, so a crash never leaves half a segment; a segment is removed once every entry
 * of it was delivered (or dropped), and rewritten with what is left when it was delivered in part.
 *
 * <p>Not thread-safe: the {@link BoundedQueue} that owns it calls it under its lock.
 *
 * @param <T> the entry type
 */
public final class Spill<T> {

	/** The largest segment body accepted when reading (one request's bound with room). */
	static final int MAX_SEGMENT_BYTES = 128 * 1_048_576;

	private static final Logger LOG = Logger.getLogger(Spill.class.getName());

	private static final int MAGIC = 0x4F325350; // "O2SP"

	private static final int VERSION = 1;

	private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

	/** The first sequence number in an empty directory; segments put before the oldest count down from it. */
	private static final long FIRST_SEQUENCE = 1L << 40;

	private final boolean enabled;

	private final @Nullable Path directory;

	private final Measure<T> measure;

	private final @Nullable EntryCodec<T> codec;

	private final @Nullable ByteBudget disk;

	private final @Nullable LaneCounters counters;

	private final int maxEntries;

	private final long maxBytes;

	private final ThrottledLog warnings = new ThrottledLog(LOG, Duration.ofMinutes(1));

	private final ArrayDeque<Segment> segments = new ArrayDeque<>();

	private final List<T> staging = new ArrayList<>();

	private long stagingBytes;

	private long stagingCount;

	private long segmentItems;

	private long diskBytes;

	private long head = FIRST_SEQUENCE;

	private long tail = FIRST_SEQUENCE - 1;

	private @Nullable Loaded<T> loaded;

	private boolean closed;

	/** After {@link #close()}: the items of the segment then in flight, counted when they come back. */
	private long closedInFlight;

	private Spill(boolean enabled, @Nullable Path directory, Measure<T> measure, @Nullable EntryCodec<T> codec,
			@Nullable ByteBudget disk, @Nullable LaneCounters counters, int maxEntries, long maxBytes) {
		this.enabled = enabled;
		this.directory = directory;
		this.measure = measure;
		this.codec = codec;
		this.disk = disk;
		this.counters = counters;
		this.maxEntries = maxEntries;
		this.maxBytes = maxBytes;
	}

	/** No spill: nothing is ever written. */
	public static <T> Spill<T> off(Measure<T> measure) {
		return new Spill<>(false, null, measure, null, null, null, 0, 0);
	}

	/**
	 * The spill of one lane in {@code directory} (created if missing), taking over the segments an
	 * earlier run left there, which are counted as recovered. When the directory cannot be
	 * created or read, one line says so and the lane runs without a spill.
	 * @param disk the bound of the spill's file bytes, shared by every lane
	 * @param maxEntries entries of one segment (the lane's request bound)
	 * @param maxBytes serialized bytes of one segment (the lane's request bound)
	 */
	public static <T> Spill<T> open(Path directory, Measure<T> measure, EntryCodec<T> codec, ByteBudget disk,
			LaneCounters counters, int maxEntries, long maxBytes) {
		List<Segment> found;
		try {
			Files.createDirectories(directory);
			found = recover(directory);
		}
		catch (IOException | RuntimeException ex) {
			LOG.warning("spill to " + directory + " is off: cannot use the directory (" + describe(ex) + ")");
			return off(measure);
		}
		Spill<T> spill = new Spill<>(true, directory, measure, codec, disk, counters, maxEntries, maxBytes);
		spill.adopt(found);
		return spill;
	}

	public boolean enabled() {
		return this.enabled;
	}

	/** Whether nothing is spilled or staged. */
	public boolean isEmpty() {
		return this.segments.isEmpty() && this.staging.isEmpty();
	}

	/** Whether a drain would find something: a segment not in flight, or staged entries. */
	public boolean hasDrainable() {
		Loaded<T> current = this.loaded;
		boolean segmentReady = !this.segments.isEmpty() && (current == null || current.inFlightCount == 0);
		return segmentReady || !this.staging.isEmpty();
	}

	/** Whether segments are on disk (staged entries aside). */
	public boolean hasSegments() {
		return !this.segments.isEmpty();
	}

	/** Items spilled or staged and not yet delivered, those in flight included. */
	public long count() {
		if (this.closed) {
			return this.closedInFlight;
		}
		Loaded<T> current = this.loaded;
		return this.segmentItems - ((current != null) ? current.doneCount : 0) + this.stagingCount;
	}

	/** Items of the segment in flight. */
	public long inFlightCount() {
		if (this.closed) {
			return this.closedInFlight;
		}
		Loaded<T> current = this.loaded;
		return (current != null) ? current.inFlightCount : 0;
	}

	/** Bytes of the segment files. */
	public long diskBytes() {
		return this.diskBytes;
	}

	/** Entries of one segment (the lane's request bound). */
	int segmentEntries() {
		return this.maxEntries;
	}

	/** Serialized bytes of one segment (the lane's request bound). */
	long segmentBytes() {
		return this.maxBytes;
	}

	public int segmentCount() {
		return this.segments.size();
	}

	/**
	 * Adds an entry behind everything spilled; when the staging is a whole segment it is written
	 * first.
	 * @return {@code false} when the staging could not be written: the entry is not taken (the
	 * staged ones stay), as if there were no spill
	 */
	boolean stage(T entry) {
		long bytes = this.measure.bytes(entry);
		if (!this.staging.isEmpty() && (this.staging.size() >= this.maxEntries
				|| this.stagingBytes + bytes > this.maxBytes || !this.measure.joins(this.staging.get(0), entry))) {
			if (!writeStaging()) {
				return false;
			}
		}
		this.staging.add(entry);
		this.stagingBytes += bytes;
		this.stagingCount += this.measure.count(entry);
		return true;
	}

	/** Takes the staged entries out. */
	List<T> takeStaging() {
		return takeStaging((bytes) -> true);
	}

	/**
	 * Takes staged entries out from the oldest while {@code room} reserves their bytes (to join
	 * memory when nothing is on disk).
	 */
	List<T> takeStaging(LongPredicate room) {
		List<T> taken = new ArrayList<>();
		while (taken.size() < this.staging.size() && room.test(this.measure.bytes(this.staging.get(taken.size())))) {
			taken.add(this.staging.get(taken.size()));
		}
		this.staging.subList(0, taken.size()).clear();
		for (T entry : taken) {
			this.stagingBytes -= this.measure.bytes(entry);
			this.stagingCount -= this.measure.count(entry);
		}
		return taken;
	}

	/** Writes the staged entries as the newest segment; {@code true} when they are gone from the staging. */
	boolean writeStaging() {
		if (this.staging.isEmpty()) {
			return true;
		}
		Written written = write(this.tail + 1, this.staging, false);
		if (written == Written.FAILED) {
			return false;
		}
		this.tail++;
		takeStaging();
		return true;
	}

	/**
	 * Writes entries that come before every segment (the newest of memory) as the oldest segment.
	 * @return {@code false} when they could not be written and stay where they are
	 */
	boolean prepend(List<T> entries) {
		if (this.loaded != null) {
			return false; // the oldest segment is being delivered; memory is empty then anyway
		}
		Written written = write(this.head - 1, entries, true);
		if (written == Written.FAILED) {
			return false;
		}
		this.head--;
		return true;
	}

	/**
	 * The oldest segment's entries not yet delivered, as a batch in flight, at most
	 * {@code maxEntries} and {@code maxBytes} of them (the first always); {@code null} when none.
	 */
	@Nullable Batch<T> drain(int maxEntries, long maxBytes) {
		while (this.loaded == null && !this.segments.isEmpty()) {
			Segment oldest = this.segments.peekFirst();
			try {
				this.loaded = new Loaded<>(oldest, read(oldest));
			}
			catch (IOException | RuntimeException ex) {
				remove(oldest);
				counters().dropped(DropReason.SPILL_FAILED, oldest.items());
				counters().spillFailed();
				this.warnings.warn("read", "spilled segment " + oldest.path() + " cannot be read (" + describe(ex)
						+ "); its " + oldest.items() + " items are counted as spill_failed");
			}
		}
		Loaded<T> current = this.loaded;
		if (current == null || current.inFlightCount > 0) {
			return null;
		}
		int end = current.done + this.measure.fitting(current.entries.subList(current.done, current.entries.size())
			.iterator(), maxEntries, maxBytes);
		Batch<T> batch = Batch.spilled(current.entries.subList(current.done, end), this.measure);
		current.inFlightCount = batch.count();
		return batch;
	}

	/** A batch of the segment in flight ended: delivered, or dropped and counted by the caller. */
	void complete(Batch<T> batch) {
		if (this.closed) {
			this.closedInFlight -= batch.count();
			return;
		}
		Loaded<T> current = this.loaded;
		if (current == null) {
			return;
		}
		current.done += batch.size();
		current.doneCount += batch.count();
		current.inFlightCount -= batch.count();
		if (current.done >= current.entries.size()) {
			this.loaded = null;
			remove(current.segment);
		}
		else if (current.inFlightCount == 0) {
			rewrite(current); // delivered in part (a smaller batch than the segment): the file keeps the rest
		}
	}

	/**
	 * A batch of the segment in flight could not be delivered now: it stays first. When part of
	 * the segment was delivered, the file is rewritten with the rest, so that a restart does not
	 * send that part twice.
	 */
	void requeue(Batch<T> batch) {
		if (this.closed) {
			this.closedInFlight -= batch.count();
			counters().dropped(DropReason.UNSENT_AT_SHUTDOWN, batch.count());
			return;
		}
		Loaded<T> current = this.loaded;
		if (current == null) {
			return;
		}
		current.inFlightCount -= batch.count();
		if (current.inFlightCount == 0 && current.done > 0) {
			rewrite(current); // every part that failed is back (a split gives them back one by one)
		}
	}

	/**
	 * Counts what is spilled or staged and not in flight as unsent and removes the files; what is
	 * in flight is counted when its flush gives it back.
	 * @return the items counted
	 */
	long close() {
		if (!this.enabled || this.closed) {
			return 0;
		}
		long inFlight = inFlightCount();
		long unsent = count() - inFlight;
		for (Segment segment : this.segments) {
			deleteQuietly(segment.path());
			disk().release(segment.bytes());
		}
		this.segments.clear();
		this.segmentItems = 0;
		this.diskBytes = 0;
		takeStaging();
		this.loaded = null;
		this.closed = true;
		this.closedInFlight = inFlight;
		counters().dropped(DropReason.UNSENT_AT_SHUTDOWN, unsent);
		return unsent;
	}

	private enum Written {
		/** On disk. */
		WRITTEN,
		/** Written, but removed at once to stay within the bound (counted as spill_full). */
		DROPPED,
		/** Not written; the entries are where they were. */
		FAILED
	}

	/** Writes a segment; when it is written its entries are accounted for (on disk, or dropped and counted). */
	private Written write(long sequence, List<T> entries, boolean oldest) {
		long items = 0;
		for (T entry : entries) {
			items += this.measure.count(entry);
		}
		Path file = directory().resolve(name(sequence));
		long size;
		try {
			size = writeFile(file, entries, items);
		}
		catch (IOException | RuntimeException ex) {
			counters().spillFailed();
			this.warnings.warn("write", "cannot write to the spill in " + directory() + " (" + describe(ex)
					+ "); what does not fit in memory is refused and counted as buffer_full");
			return Written.FAILED;
		}
		while (!disk().tryReserve(size)) {
			Segment evicted = oldest ? null : evictable();
			if (evicted == null) {
				deleteQuietly(file);
				dropFull(items);
				return Written.DROPPED;
			}
			remove(evicted);
			dropFull(evicted.items());
		}
		Segment segment = new Segment(sequence, file, entries.size(), items, size);
		if (oldest) {
			this.segments.addFirst(segment);
		}
		else {
			this.segments.addLast(segment);
		}
		this.segmentItems += items;
		this.diskBytes += size;
		counters().spilled(items);
		return Written.WRITTEN;
	}

	/** Items removed to keep the spill within its bound: counted as spill_full, and said (throttled). */
	private void dropFull(long items) {
		counters().dropped(DropReason.SPILL_FULL, items);
		this.warnings.warn("full", "the spill is full (O2_SPILL_MAX_MB): " + items
				+ " of its oldest items were removed, counted as spill_full");
	}

	/** The oldest segment not being delivered. */
	private @Nullable Segment evictable() {
		Loaded<T> current = this.loaded;
		for (Segment segment : this.segments) {
			if (current == null || segment != current.segment) {
				return segment;
			}
		}
		return null;
	}

	private void remove(Segment segment) {
		Iterator<Segment> iterator = this.segments.iterator();
		while (iterator.hasNext()) {
			if (iterator.next() == segment) {
				iterator.remove();
				this.segmentItems -= segment.items();
				this.diskBytes -= segment.bytes();
				disk().release(segment.bytes());
				deleteQuietly(segment.path());
				return;
			}
		}
	}

	private void rewrite(Loaded<T> current) {
		Segment old = current.segment;
		List<T> rest = current.entries.subList(current.done, current.entries.size());
		long items = old.items() - current.doneCount;
		try {
			long size = writeFile(old.path(), rest, items);
			Segment replaced = new Segment(old.sequence(), old.path(), rest.size(), items, size);
			replace(old, replaced);
			// one adjustment: the budget is shared by every lane, whose spills run under their own
			// locks, so releasing the old size and then reserving the new one could lose the room
			disk().adjust(size - old.bytes());
			this.segmentItems -= current.doneCount;
			this.diskBytes += size - old.bytes();
			this.loaded = new Loaded<>(replaced, new ArrayList<>(rest));
		}
		catch (IOException | RuntimeException ex) {
			// the old file stays: after a restart its delivered part would be sent again
			counters().spillFailed();
			this.warnings.warn("write", "cannot rewrite " + old.path() + " (" + describe(ex) + ")");
		}
	}

	private void replace(Segment old, Segment replaced) {
		List<Segment> copy = new ArrayList<>(this.segments);
		copy.replaceAll((segment) -> (segment == old) ? replaced : segment);
		this.segments.clear();
		this.segments.addAll(copy);
	}

	private long writeFile(Path file, List<T> entries, long items) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		try {
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 65536))) {
				out.writeInt(MAGIC);
				out.writeByte(VERSION);
				out.writeInt(entries.size());
				out.writeLong(items);
				out.flush();
				try (DataOutputStream body = new DataOutputStream(FastGzip.to(out))) {
					for (T entry : entries) {
						codec().write(entry, body);
					}
				}
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return Files.size(file);
		}
		catch (IOException | RuntimeException ex) {
			deleteQuietly(temporary);
			throw ex;
		}
	}

	private List<T> read(Segment segment) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segment.path()), 65536))) {
			Header header = Header.read(in);
			if (header.entries() != segment.entries() || header.items() != segment.items()) {
				throw new IOException("the header changed since it was written");
			}
			DataInputStream body = new DataInputStream(new GZIPInputStream(in, 8192));
			// the header's count is not trusted for the allocation: a damaged one fails on reading instead
			List<T> entries = new ArrayList<>(Math.min(header.entries(), 1024));
			long items = 0;
			for (int i = 0; i < header.entries(); i++) {
				T entry = codec().read(body);
				long count = this.measure.count(entry);
				if (count < 1) {
					throw new IOException("an entry of " + count + " items");
				}
				items += count;
				entries.add(entry);
			}
			if (body.read() != -1) {
				throw new IOException("more data than its header says");
			}
			// what the counters hold for this segment is its header's items: the entries must agree
			if (items != header.items()) {
				throw new IOException("its entries hold " + items + " items, its header says " + header.items());
			}
			return entries;
		}
	}

	/** Takes over what an earlier run left: deletes half-written files, reads every segment's header. */
	private static List<Segment> recover(Path directory) throws IOException {
		TreeMap<Long, Segment> found = new TreeMap<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				Matcher matcher = NAME.matcher(name);
				if (name.endsWith(".seg.tmp")) {
					deleteQuietly(file);
				}
				else if (matcher.matches()) {
					long sequence = Long.parseLong(matcher.group(1));
					try (InputStream in = Files.newInputStream(file)) {
						Header header = Header.read(new DataInputStream(in));
						found.put(sequence, new Segment(sequence, file, header.entries(), header.items(), Files.size(file)));
					}
					catch (IOException ex) {
						LOG.warning("spilled segment " + file + " is damaged and removed (" + describe(ex) + ")");
						deleteQuietly(file);
					}
				}
			}
		}
		return new ArrayList<>(found.values());
	}

	/** Takes the segments over, newest first into the bound: what no longer fits (a lower bound now) is the oldest. */
	private void adopt(List<Segment> found) {
		long items = 0;
		for (int i = found.size() - 1; i >= 0; i--) {
			Segment segment = found.get(i);
			counters().recovered(segment.items(), segment.entries());
			if (!disk().tryReserve(segment.bytes())) {
				deleteQuietly(segment.path());
				dropFull(segment.items());
				continue;
			}
			items += segment.items();
			this.segments.addFirst(segment);
			this.segmentItems += segment.items();
			this.diskBytes += segment.bytes();
		}
		if (!this.segments.isEmpty()) {
			this.head = this.segments.peekFirst().sequence();
			this.tail = this.segments.peekLast().sequence();
			LOG.info("taking over " + items + " items in " + this.segments.size() + " segments spilled to "
					+ directory() + " by an earlier run; they are sent first");
		}
	}

	private static String name(long sequence) {
		return String.format("%020d.seg", sequence);
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// left behind; the next start removes or reads it
		}
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	private Path directory() {
		return java.util.Objects.requireNonNull(this.directory);
	}

	private EntryCodec<T> codec() {
		return java.util.Objects.requireNonNull(this.codec);
	}

	private ByteBudget disk() {
		return java.util.Objects.requireNonNull(this.disk);
	}

	private LaneCounters counters() {
		return java.util.Objects.requireNonNull(this.counters);
	}

	/** A segment file: its place in the order, its entries and items, its size on disk. */
	private record Segment(long sequence, Path path, int entries, long items, long bytes) {
	}

	private record Header(int entries, long items) {

		static Header read(DataInputStream in) throws IOException {
			if (in.readInt() != MAGIC || in.readUnsignedByte() != VERSION) {
				throw new IOException("not a spill segment of this version");
			}
			int entries = in.readInt();
			long items = in.readLong();
			if (entries < 0 || items < 0) {
				throw new IOException("damaged header");
			}
			return new Header(entries, items);
		}

	}

	/** The oldest segment, read back for delivery, and how much of it is delivered. */
	private static final class Loaded<T> {

		final Segment segment;

		final List<T> entries;

		int done;

		long doneCount;

		long inFlightCount;

		Loaded(Segment segment, List<T> entries) {
			this.segment = segment;
			this.entries = entries;
		}

	}

}
