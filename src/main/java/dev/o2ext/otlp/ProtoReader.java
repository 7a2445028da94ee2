package dev.o2ext.otlp;

/**
 * Reads the protobuf wire format of one message, field by field, without a schema: tags,
 * varints and the bounds of length-delimited fields. Every read is checked against the
 * message's end, so a truncated or corrupt body fails with {@link MalformedExportException}
 * instead of an index error. Groups (wire types 3 and 4) are refused: OTLP does not use them.
 */
final class ProtoReader {

	static final int VARINT = 0;

	static final int FIXED64 = 1;

	static final int LEN = 2;

	static final int FIXED32 = 5;

	private final byte[] bytes;

	private final int end;

	private int position;

	private int lastLength;

	ProtoReader(byte[] bytes, int offset, int end) {
		this.bytes = bytes;
		this.position = offset;
		this.end = end;
	}

	static ProtoReader of(byte[] bytes) {
		return new ProtoReader(bytes, 0, bytes.length);
	}

	boolean hasMore() {
		return this.position < this.end;
	}

	/** Reads the next tag; its field number is {@code tag >>> 3}, its wire type {@code tag & 7}. */
	int readTag() throws MalformedExportException {
		long tag = readVarint();
		if (tag >>> 3 == 0 || tag > 0xFFFF_FFFFL) {
			throw new MalformedExportException("invalid protobuf field tag");
		}
		return (int) tag;
	}

	long readVarint() throws MalformedExportException {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			if (this.position >= this.end) {
				throw new MalformedExportException("truncated protobuf varint");
			}
			byte b = this.bytes[this.position++];
			value |= (long) (b & 0x7F) << shift;
			if (b >= 0) {
				return value;
			}
		}
		throw new MalformedExportException("protobuf varint longer than 10 bytes");
	}

	/**
	 * Reads the length of a length-delimited field and checks that its content is inside the
	 * message; the reader is then positioned at the content, which {@link #sub()} or
	 * {@link #skipContent()} consumes.
	 */
	int readLength() throws MalformedExportException {
		long length = readVarint();
		if (length < 0 || length > this.end - this.position) {
			throw new MalformedExportException("protobuf length beyond the end of its message");
		}
		this.lastLength = (int) length;
		return this.lastLength;
	}

	/** A reader over the content of the length-delimited field whose length was just read. */
	ProtoReader sub() {
		ProtoReader sub = new ProtoReader(this.bytes, this.position, this.position + this.lastLength);
		this.position += this.lastLength;
		return sub;
	}

	/** Skips the content of the length-delimited field whose length was just read. */
	void skipContent() {
		this.position += this.lastLength;
	}

	/** The content of the length-delimited field whose length was just read, as a string. */
	String readString() {
		String text = new String(this.bytes, this.position, this.lastLength, java.nio.charset.StandardCharsets.UTF_8);
		this.position += this.lastLength;
		return text;
	}

	/** Skips the value of a field of the given wire type. */
	void skip(int wireType) throws MalformedExportException {
		switch (wireType) {
			case VARINT -> readVarint();
			case FIXED64 -> advance(8);
			case LEN -> {
				readLength();
				skipContent();
			}
			case FIXED32 -> advance(4);
			default -> throw new MalformedExportException("unsupported protobuf wire type " + wireType);
		}
	}

	private void advance(int count) throws MalformedExportException {
		if (count > this.end - this.position) {
			throw new MalformedExportException("truncated protobuf fixed-size field");
		}
		this.position += count;
	}

}
