package dev.o2ext.otlp;

/**
 * One accepted export, as it waits in an {@link ExportQueue}.
 *
 * @param encoding how the payload is encoded; only exports of the same encoding are merged
 * @param payload for protobuf the whole {@code Export…ServiceRequest} (serialized requests of
 * one type concatenate into a valid merged request); for JSON the elements of the top-level
 * resource list, compactly written and comma-separated, without the brackets
 * @param items spans, log records or metric data points in it
 */
record Export(OtlpEncoding encoding, byte[] payload, int items) {

	/** Whether it holds no resource at all: answered with success, nothing to forward. */
	boolean isEmpty() {
		return this.payload.length == 0;
	}

}
