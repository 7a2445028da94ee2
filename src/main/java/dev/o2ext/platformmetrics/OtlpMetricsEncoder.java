package dev.o2ext.platformmetrics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes metric points as one OTLP/protobuf {@code ExportMetricsServiceRequest} (one resource,
 * one scope, one {@code Metric} per point) following {@code opentelemetry/proto/metrics/v1}.
 * Hand-written so that the extension needs no protobuf library; stateless and thread-safe.
 */
public final class OtlpMetricsEncoder {

	private static final int VARINT = 0;

	private static final int FIXED64 = 1;

	private static final int LENGTH = 2;

	private final byte[] resource;

	private final byte[] scope;

	/**
	 * @param resourceAttributes the resource's attributes (String, Long or Boolean values)
	 * @param scopeName the instrumentation scope's name
	 * @param scopeVersion its version
	 */
	public OtlpMetricsEncoder(Map<String, Object> resourceAttributes, String scopeName, String scopeVersion) {
		Writer res = new Writer();
		resourceAttributes.forEach((key, value) -> res.message(1, keyValue(key, value)));
		this.resource = res.bytes();
		Writer sc = new Writer();
		sc.string(1, scopeName);
		sc.string(2, scopeVersion);
		this.scope = sc.bytes();
	}

	/** The serialized request; an empty list gives a request with an empty scope. */
	public byte[] encode(List<MetricPoint> points) {
		Writer scopeMetrics = new Writer();
		scopeMetrics.message(1, this.scope);
		for (MetricPoint point : points) {
			scopeMetrics.message(2, metric(point));
		}
		Writer resourceMetrics = new Writer();
		resourceMetrics.message(1, this.resource);
		resourceMetrics.message(2, scopeMetrics.bytes());
		Writer request = new Writer();
		request.message(1, resourceMetrics.bytes());
		return request.bytes();
	}

	private static byte[] metric(MetricPoint point) {
		Writer dataPoint = new Writer();
		if (point.startNanos() != 0) {
			dataPoint.fixed64(2, point.startNanos());
		}
		dataPoint.fixed64(3, point.timeNanos());
		if (point.kind() == MetricPoint.Kind.GAUGE) {
			dataPoint.fixed64(4, Double.doubleToRawLongBits(point.value()));
		}
		else {
			dataPoint.fixed64(6, Math.round(point.value()));
		}
		point.attributes().forEach((key, value) -> dataPoint.message(7, keyValue(key, value)));
		Writer data = new Writer();
		data.message(1, dataPoint.bytes());
		if (point.kind() != MetricPoint.Kind.GAUGE) {
			data.varint(2, (point.kind() == MetricPoint.Kind.DELTA) ? 1 : 2);
			data.varint(3, 1);
		}
		Writer metric = new Writer();
		metric.string(1, point.name());
		metric.string(3, point.unit());
		metric.message((point.kind() == MetricPoint.Kind.GAUGE) ? 5 : 7, data.bytes());
		return metric.bytes();
	}

	private static byte[] keyValue(String key, Object value) {
		Writer any = new Writer();
		if (value instanceof Boolean bool) {
			any.varint(2, bool ? 1 : 0);
		}
		else if (value instanceof Long number) {
			any.varint(3, number);
		}
		else if (value instanceof Integer number) {
			any.varint(3, number.longValue());
		}
		else {
			any.string(1, String.valueOf(value));
		}
		Writer kv = new Writer();
		kv.string(1, key);
		kv.message(2, any.bytes());
		return kv.bytes();
	}

	/** A protobuf writer of one message; nested messages are written first and embedded. */
	private static final class Writer {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

		void varint(int field, long value) {
			tag(field, VARINT);
			raw(value);
		}

		void fixed64(int field, long value) {
			tag(field, FIXED64);
			for (int i = 0; i < 8; i++) {
				this.out.write((int) (value >>> (8 * i)));
			}
		}

		void string(int field, String value) {
			message(field, value.getBytes(StandardCharsets.UTF_8));
		}

		void message(int field, byte[] bytes) {
			tag(field, LENGTH);
			raw(bytes.length);
			this.out.writeBytes(bytes);
		}

		byte[] bytes() {
			return this.out.toByteArray();
		}

		private void tag(int field, int wireType) {
			raw(((long) field << 3) | wireType);
		}

		private void raw(long value) {
			long v = value;
			while ((v & ~0x7FL) != 0) {
				this.out.write((int) ((v & 0x7F) | 0x80));
				v >>>= 7;
			}
			this.out.write((int) v);
		}

	}

}
