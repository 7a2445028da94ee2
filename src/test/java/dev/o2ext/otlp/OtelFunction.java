package dev.o2ext.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * A Lambda function with the OpenTelemetry Java SDK, configured only by the environment (as the
 * {@code otel-instrument} exec wrapper leaves it) through the SDK's autoconfiguration, run as the
 * runtime process of the simulator: it speaks the Runtime API, and for each invocation records
 * {@code N} spans and log records named {@code <requestId>-<i>} ({@code N} from the payload's
 * {@code "items"}) and counts them, then force-flushes every provider before it answers, as
 * OpenTelemetry's Lambda handler wrappers do. At SIGTERM the autoconfigured SDK's shutdown hook
 * exports what is left.
 */
public final class OtelFunction {

	private OtelFunction() {
	}

	public static void main(String[] args) throws Exception {
		String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime";
		OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk();
		Tracer tracer = sdk.getTracer("dev.o2ext.otel-function");
		LongCounter handled = sdk.getMeter("dev.o2ext.otel-function").counterBuilder("function.items").build();
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		System.out.println("otel-function ready: endpoint " + System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"));
		while (true) {
			HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(api + "/invocation/next")).build(),
					HttpResponse.BodyHandlers.ofString());
			String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
			int items = Integer.parseInt(next.body().replaceAll("\\D", ""));
			Span handler = tracer.spanBuilder(requestId + "-handler").startSpan();
			try (Scope scope = handler.makeCurrent()) {
				for (int i = 0; i < items; i++) {
					tracer.spanBuilder(requestId + "-" + i).startSpan().end();
					sdk.getSdkLoggerProvider().get("dev.o2ext.otel-function").logRecordBuilder()
						.setBody(requestId + "-" + i).emit();
				}
				handled.add(items, Attributes.of(AttributeKey.stringKey("function"), "otel-function"));
			}
			finally {
				handler.end();
			}
			boolean flushed = CompletableResultCode.ofAll(List.of(sdk.getSdkTracerProvider().forceFlush(),
					sdk.getSdkLoggerProvider().forceFlush(), sdk.getSdkMeterProvider().forceFlush()))
				.join(10, TimeUnit.SECONDS).isSuccess();
			System.out.println("handled " + requestId + ": " + items + " items, flushed " + flushed);
			http.send(HttpRequest.newBuilder(URI.create(api + "/invocation/" + requestId + "/response"))
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString("{\"items\":" + items + "}"))
				.build(), HttpResponse.BodyHandlers.discarding());
		}
	}

}
