package dev.o2ext.buffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * How the entries of a lane are written to the spill and read back ({@link Spill}).
 *
 * @param <T> the entry type
 */
public interface EntryCodec<T> {

	/** A serialized log record: its length, then its bytes. */
	EntryCodec<byte[]> RECORDS = new EntryCodec<>() {

		@Override
		public void write(byte[] entry, DataOutputStream out) throws IOException {
			out.writeInt(entry.length);
			out.write(entry);
		}

		@Override
		public byte[] read(DataInputStream in) throws IOException {
			return readBytes(in);
		}

	};

	void write(T entry, DataOutputStream out) throws IOException;

	/** Reads what {@link #write} wrote; a damaged stream throws. */
	T read(DataInputStream in) throws IOException;

	/** Reads a length and that many bytes, refusing a length no segment can hold. */
	static byte[] readBytes(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > Spill.MAX_SEGMENT_BYTES) {
			throw new IOException("damaged entry length " + length);
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return bytes;
	}

}
