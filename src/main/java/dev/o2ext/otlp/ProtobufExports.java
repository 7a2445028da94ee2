package dev.o2ext.otlp;

/**
 * Checks a protobuf {@code Export…ServiceRequest} and counts its items by walking the wire
 * format along the path resource list → scope list → items (and, for metrics, the data points
 * of each metric), checking every field met on that path and every direct field of each item.
 * The body is kept as it came: what matters for merging is that every top-level field ends
 * exactly within the body, so that requests can be concatenated. Deeper content (attribute
 * values, events) is the server's to judge; the signal's lane isolates an export it refuses.
 */
final class ProtobufExports {

	/** Fields of a {@code Metric} that hold a data kind; each has its data points in field 1. */
	private static final int GAUGE = 5;

	private static final int SUM = 7;

	private static final int HISTOGRAM = 9;

	private static final int EXPONENTIAL_HISTOGRAM = 10;

	private static final int SUMMARY = 11;

	private ProtobufExports() {
	}

	/** The body as an {@link Export}, empty when it holds no resource. */
	static Export read(OtlpSignal signal, byte[] body) throws MalformedExportException {
		ProtoReader request = ProtoReader.of(body);
		int items = 0;
		int resources = 0;
		while (request.hasMore()) {
			int tag = request.readTag();
			if (tag >>> 3 == 1) {
				expectMessage(tag);
				request.readLength();
				items += resource(signal, request.sub());
				resources++;
			}
			else {
				request.skip(tag & 7);
			}
		}
		return new Export(OtlpEncoding.PROTOBUF, (resources == 0) ? new byte[0] : body, items);
	}

	private static int resource(OtlpSignal signal, ProtoReader resource) throws MalformedExportException {
		int items = 0;
		while (resource.hasMore()) {
			int tag = resource.readTag();
			if (tag >>> 3 == 2) {
				expectMessage(tag);
				resource.readLength();
				items += scope(signal, resource.sub());
			}
			else {
				resource.skip(tag & 7);
			}
		}
		return items;
	}

	private static int scope(OtlpSignal signal, ProtoReader scope) throws MalformedExportException {
		int items = 0;
		while (scope.hasMore()) {
			int tag = scope.readTag();
			if (tag >>> 3 == 2) {
				expectMessage(tag);
				scope.readLength();
				ProtoReader item = scope.sub();
				items += (signal == OtlpSignal.METRICS) ? dataPoints(item) : checkFields(item);
			}
			else {
				scope.skip(tag & 7);
			}
		}
		return items;
	}

	/** The data points of one {@code Metric}. */
	private static int dataPoints(ProtoReader metric) throws MalformedExportException {
		int points = 0;
		while (metric.hasMore()) {
			int tag = metric.readTag();
			int field = tag >>> 3;
			if (field == GAUGE || field == SUM || field == HISTOGRAM || field == EXPONENTIAL_HISTOGRAM
					|| field == SUMMARY) {
				expectMessage(tag);
				metric.readLength();
				ProtoReader data = metric.sub();
				while (data.hasMore()) {
					int inner = data.readTag();
					if (inner >>> 3 == 1) {
						expectMessage(inner);
						points++;
					}
					data.skip(inner & 7);
				}
			}
			else {
				metric.skip(tag & 7);
			}
		}
		return points;
	}

	/** Walks the direct fields of a span or log record; it counts as one item. */
	private static int checkFields(ProtoReader item) throws MalformedExportException {
		while (item.hasMore()) {
			item.skip(item.readTag() & 7);
		}
		return 1;
	}

	private static void expectMessage(int tag) throws MalformedExportException {
		if ((tag & 7) != ProtoReader.LEN) {
			throw new MalformedExportException("protobuf field " + (tag >>> 3) + " must be a message");
		}
	}

}
