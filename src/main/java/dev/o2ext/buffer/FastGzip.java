package dev.o2ext.buffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip stream at the fastest level, for request bodies and the spill: log lines compress well
 * even there, and the CPU is the function's.
 */
public final class FastGzip extends GZIPOutputStream {

	private FastGzip(OutputStream out) throws IOException {
		super(out, 8192);
		this.def.setLevel(Deflater.BEST_SPEED);
	}

	/** A gzip stream writing to {@code out}; closing it finishes the gzip trailer and closes {@code out}. */
	public static OutputStream to(OutputStream out) throws IOException {
		return new FastGzip(out);
	}

}
