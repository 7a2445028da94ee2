package dev.o2ext.otlp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import dev.o2ext.buffer.EntryCodec;
import dev.o2ext.buffer.Measure;

/**
 * One accepted export, as it waits in its signal's {@link dev.o2ext.buffer.BoundedQueue}.
 *
 * @param encoding how the payload is encoded; only exports of the same encoding are merged
 * @param payload for protobuf the whole {@code Export…ServiceRequest} (serialized requests of
 * one type concatenate into a valid merged request); for JSON the elements of the top-level
 * resource list, compactly written and comma-separated, without the brackets
 * @param items spans, log records or metric data points in it
 */
public record Export(OtlpEncoding encoding, byte[] payload, int items) {

	/** Payload bytes, items, and only exports of one encoding in a request. */
	static final Measure<Export> MEASURE = new Measure<>() {

		@Override
		public long bytes(Export export) {
			return export.payload.length;
		}

		@Override
		public long count(Export export) {
			return export.items;
		}

		@Override
		public boolean joins(Export first, Export next) {
			return first.encoding == next.encoding;
		}

	};

	/** An export in the spill: its encoding, its items, its payload. */
	static final EntryCodec<Export> CODEC = new EntryCodec<>() {

		@Override
		public void write(Export export, DataOutputStream out) throws IOException {
			out.writeByte(export.encoding.ordinal());
			out.writeInt(export.items);
			out.writeInt(export.payload.length);
			out.write(export.payload);
		}

		@Override
		public Export read(DataInputStream in) throws IOException {
			int encoding = in.readUnsignedByte();
			if (encoding >= OtlpEncoding.values().length) {
				throw new IOException("damaged export encoding " + encoding);
			}
			int items = in.readInt();
			return new Export(OtlpEncoding.values()[encoding], EntryCodec.readBytes(in), items);
		}

	};

	/** Whether it holds no resource at all: answered with success, nothing to forward. */
	boolean isEmpty() {
		return this.payload.length == 0;
	}

}
