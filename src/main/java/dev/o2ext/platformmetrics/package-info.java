/**
 * Lambda's numbers as OpenTelemetry metrics: {@link dev.o2ext.platformmetrics.PlatformMetricDeriver}
 * turns Telemetry API platform events and SHUTDOWN's reason into metric points,
 * {@link dev.o2ext.platformmetrics.OtlpMetricsEncoder} writes them as an OTLP/protobuf
 * {@code ExportMetricsServiceRequest}, and {@link dev.o2ext.platformmetrics.PlatformMetrics}
 * collects them, adds the extension's own delivery counters at most once per interval, warns
 * when data starts to be lost, and hands each export to the OTLP relay's metrics queue at a
 * flush point, so that they travel the same path, budget and retries as the function's metrics.
 */
@NullMarked
package dev.o2ext.platformmetrics;

import org.jspecify.annotations.NullMarked;
