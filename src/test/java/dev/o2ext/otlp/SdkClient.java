package dev.o2ext.otlp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * The OpenTelemetry Java SDK as a function would set it up: tracer, logger and meter providers
 * with batch processors and the OTLP/HTTP exporters (protobuf, JDK HttpClient sender), pointed
 * at the relay. The SDK's own retries are off unless asked for, so a refusal shows at once.
 */
final class SdkClient implements AutoCloseable {

	final SdkTracerProvider tracer;

	final SdkLoggerProvider logger;

	final SdkMeterProvider meter;

	private final LongCounter counter;

	SdkClient(String endpoint, boolean gzip, boolean retries) {
		String compression = gzip ? "gzip" : "none";
		var spans = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").setCompression(compression);
		var logs = OtlpHttpLogRecordExporter.builder().setEndpoint(endpoint + "/v1/logs").setCompression(compression);
		var metrics = OtlpHttpMetricExporter.builder().setEndpoint(endpoint + "/v1/metrics").setCompression(compression);
		if (!retries) {
			spans.setRetryPolicy(null);
			logs.setRetryPolicy(null);
			metrics.setRetryPolicy(null);
		}
		this.tracer = SdkTracerProvider.builder().setResource(SdkPayloads.RESOURCE)
			.addSpanProcessor(BatchSpanProcessor.builder(spans.build()).setScheduleDelay(Duration.ofHours(1)).build())
			.build();
		this.logger = SdkLoggerProvider.builder().setResource(SdkPayloads.RESOURCE)
			.addLogRecordProcessor(BatchLogRecordProcessor.builder(logs.build()).setScheduleDelay(Duration.ofHours(1)).build())
			.build();
		this.meter = SdkMeterProvider.builder().setResource(SdkPayloads.RESOURCE)
			.registerMetricReader(PeriodicMetricReader.builder(metrics.build()).setInterval(Duration.ofHours(1)).build())
			.build();
		this.counter = this.meter.get("dev.o2ext.test").counterBuilder("relay.test.counter").build();
	}

	/** Records {@code count} spans and log records named {@code prefix-i}, and counts them on a counter. */
	void record(int count, String prefix) {
		for (int i = 0; i < count; i++) {
			this.tracer.get("dev.o2ext.test").spanBuilder(prefix + "-" + i).startSpan().end();
			this.logger.get("dev.o2ext.test").logRecordBuilder().setBody(prefix + "-" + i).emit();
			this.counter.add(1, Attributes.of(AttributeKey.stringKey("batch"), prefix));
		}
	}

	/** Exports everything now, as a handler's end does; true if all three exports succeeded. */
	boolean flush() {
		CompletableResultCode traces = this.tracer.forceFlush();
		CompletableResultCode logs = this.logger.forceFlush();
		CompletableResultCode metrics = this.meter.forceFlush();
		return CompletableResultCode.ofAll(java.util.List.of(traces, logs, metrics)).join(30, TimeUnit.SECONDS)
			.isSuccess();
	}

	@Override
	public void close() {
		this.tracer.shutdown().join(10, TimeUnit.SECONDS);
		this.logger.shutdown().join(10, TimeUnit.SECONDS);
		this.meter.shutdown().join(10, TimeUnit.SECONDS);
	}

}
