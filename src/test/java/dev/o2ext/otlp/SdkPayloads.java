package dev.o2ext.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Real OTLP payloads, made by the OpenTelemetry Java SDK: its tracer, logger and meter
 * providers record the data, and its own OTLP marshalers encode it in protobuf or JSON, exactly
 * as its exporters put it on the wire.
 */
final class SdkPayloads {

	static final Resource RESOURCE = Resource.getDefault()
		.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "otlp-test")));

	private SdkPayloads() {
	}

	/** An export request of the signal with {@code count} items named {@code prefix-0}, {@code prefix-1}, …. */
	static byte[] protobuf(OtlpSignal signal, int count, String prefix) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			marshaler(signal, count, prefix).writeBinaryTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static byte[] json(OtlpSignal signal, int count, String prefix) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			marshaler(signal, count, prefix).writeJsonTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static Marshaler marshaler(OtlpSignal signal, int count, String prefix) {
		return switch (signal) {
			case TRACES -> TraceRequestMarshaler.create(spans(count, prefix));
			case LOGS -> LogsRequestMarshaler.create(logs(count, prefix));
			case METRICS -> MetricsRequestMarshaler.create(metrics(count, prefix));
		};
	}

	static List<SpanData> spans(int count, String prefix) {
		List<SpanData> spans = new ArrayList<>();
		SpanExporter capture = new SpanExporter() {
			@Override
			public CompletableResultCode export(Collection<SpanData> data) {
				spans.addAll(data);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}
		};
		try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
			.addSpanProcessor(SimpleSpanProcessor.create(capture)).build()) {
			for (int i = 0; i < count; i++) {
				provider.get("dev.o2ext.test").spanBuilder(prefix + "-" + i).setAttribute("index", i).startSpan().end();
			}
		}
		return spans;
	}

	static List<LogRecordData> logs(int count, String prefix) {
		List<LogRecordData> logs = new ArrayList<>();
		LogRecordExporter capture = new LogRecordExporter() {
			@Override
			public CompletableResultCode export(Collection<LogRecordData> data) {
				logs.addAll(data);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}
		};
		try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
			.addLogRecordProcessor(SimpleLogRecordProcessor.create(capture)).build()) {
			for (int i = 0; i < count; i++) {
				provider.get("dev.o2ext.test").logRecordBuilder().setBody(prefix + "-" + i).emit();
			}
		}
		return logs;
	}

	/** One counter named {@code prefix} with {@code count} data points (one per attribute value). */
	static List<MetricData> metrics(int count, String prefix) {
		List<MetricData> metrics = new ArrayList<>();
		MetricExporter capture = new MetricExporter() {
			@Override
			public CompletableResultCode export(Collection<MetricData> data) {
				if (metrics.isEmpty()) { // the first collection only; the SDK's own metrics left out
					data.stream().filter((metric) -> metric.getName().equals(prefix)).forEach(metrics::add);
				}
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public AggregationTemporality getAggregationTemporality(InstrumentType type) {
				return AggregationTemporality.CUMULATIVE;
			}
		};
		try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(RESOURCE)
			.registerMetricReader(PeriodicMetricReader.create(capture)).build()) {
			LongCounter counter = provider.get("dev.o2ext.test").counterBuilder(prefix).build();
			for (int i = 0; i < count; i++) {
				counter.add(i + 1, Attributes.of(AttributeKey.longKey("index"), (long) i));
			}
			provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
		}
		return metrics;
	}

}
