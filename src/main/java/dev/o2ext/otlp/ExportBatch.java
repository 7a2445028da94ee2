package dev.o2ext.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Exports of one signal and one encoding taken from an {@link ExportQueue} for one request, in
 * queue order; in flight until given back with {@link ExportQueue#complete} or
 * {@link ExportQueue#requeue}.
 *
 * @param exports the exports
 * @param bytes the sum of their payload sizes
 * @param items the sum of their items
 */
record ExportBatch(List<Export> exports, long bytes, int items) {

	static ExportBatch of(List<Export> exports) {
		long bytes = 0;
		int items = 0;
		for (Export export : exports) {
			bytes += export.payload().length;
			items += export.items();
		}
		return new ExportBatch(List.copyOf(exports), bytes, items);
	}

	int size() {
		return this.exports.size();
	}

	boolean isEmpty() {
		return this.exports.isEmpty();
	}

	OtlpEncoding encoding() {
		return this.exports.get(0).encoding();
	}

	List<byte[]> payloads() {
		List<byte[]> payloads = new ArrayList<>(this.exports.size());
		this.exports.forEach((export) -> payloads.add(export.payload()));
		return payloads;
	}

	/** The two halves, for a server that refused the whole; needs two exports. */
	List<ExportBatch> halves() {
		int middle = this.exports.size() / 2;
		return List.of(of(this.exports.subList(0, middle)), of(this.exports.subList(middle, this.exports.size())));
	}

}
