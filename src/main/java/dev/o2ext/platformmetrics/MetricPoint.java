package dev.o2ext.platformmetrics;

import java.util.Map;

/**
 * One data point of one metric, before encoding.
 *
 * @param name the metric's name, e.g. {@code aws.lambda.enhanced.duration}
 * @param unit UCUM unit ({@code ms}, {@code MBy}, {@code By}, {@code 1})
 * @param kind gauge, delta sum or cumulative sum
 * @param value the value; a sum's value is written as an integer, a gauge's as a double
 * @param startNanos the start of a sum's period (epoch ns), 0 for a gauge
 * @param timeNanos when the value was measured (epoch ns)
 * @param attributes data point attributes, values {@code String}, {@code Long} or {@code Boolean}
 */
public record MetricPoint(String name, String unit, Kind kind, double value, long startNanos, long timeNanos,
		Map<String, Object> attributes) {

	/** How a point is written and aggregated. */
	public enum Kind {

		/** A measurement ({@code Gauge}, {@code as_double}). */
		GAUGE,

		/** A count of what happened since the previous point ({@code Sum}, delta, monotonic, {@code as_int}). */
		DELTA,

		/** A count since the extension started ({@code Sum}, cumulative, monotonic, {@code as_int}). */
		CUMULATIVE

	}

}
