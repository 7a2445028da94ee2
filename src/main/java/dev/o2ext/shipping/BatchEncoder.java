package dev.o2ext.shipping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import dev.o2ext.buffer.FastGzip;

/**
 * Encodes a batch of serialized records as one gzip-compressed JSON array. Compression runs at
 * the fastest level: log lines compress well even there, and the CPU is the function's.
 */
public final class BatchEncoder {

	private BatchEncoder() {
	}

	/** The JSON array {@code [r1,r2,…]} of the given serialized objects, gzip-compressed. */
	public static byte[] gzipJsonArray(List<byte[]> records) {
		long raw = 2;
		for (byte[] record : records) {
			raw += record.length + 1;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(raw / 4 + 64, Integer.MAX_VALUE - 8));
		try (OutputStream out = FastGzip.to(bytes)) {
			out.write('[');
			for (int i = 0; i < records.size(); i++) {
				if (i > 0) {
					out.write(',');
				}
				out.write(records.get(i));
			}
			out.write(']');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex); // cannot happen with an in-memory stream
		}
		return bytes.toByteArray();
	}

	/** Compresses any body with gzip at the fastest level. */
	public static byte[] gzip(byte[] body) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 4 + 64);
		try (OutputStream out = FastGzip.to(bytes)) {
			out.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
