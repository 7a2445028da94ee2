package dev.o2ext.platformmetrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.o2ext.config.FunctionInfo;
import dev.o2ext.config.MetricsSettings;

/**
 * Whether platform metrics are sent, how often the delivery counters go out, and the resource
 * attributes every metric carries (OpenTelemetry semantic conventions).
 *
 * @param enabled {@code O2_PLATFORM_METRICS}, default {@code true}
 * @param interval {@code O2_METRICS_INTERVAL_MS}, default 60 s (1 s – 1 h): the least time between two
 * sets of delivery counters (SHUTDOWN always sends one)
 * @param resource the resource's attributes
 */
public record PlatformMetricsSettings(boolean enabled, Duration interval, Map<String, Object> resource) {

	/**
	 * The settings {@link dev.o2ext.config.ConfigLoader} read, with the resource attributes from the
	 * function and Lambda's {@code AWS_LAMBDA_LOG_STREAM_NAME} and {@code OTEL_SERVICE_NAME}.
	 */
	public static PlatformMetricsSettings from(MetricsSettings settings, FunctionInfo function, Map<String, String> env) {
		return new PlatformMetricsSettings(settings.enabled(), settings.interval(),
				resource(settings.cloudAccountId(), env, function));
	}

	private static Map<String, Object> resource(String cloudAccountId, Map<String, String> env, FunctionInfo function) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("cloud.provider", "aws");
		attributes.put("cloud.platform", "aws_lambda");
		put(attributes, "cloud.region", function.region());
		put(attributes, "cloud.account.id", cloudAccountId);
		put(attributes, "faas.name", function.name());
		put(attributes, "faas.version", function.version());
		put(attributes, "faas.instance", env.getOrDefault("AWS_LAMBDA_LOG_STREAM_NAME", ""));
		if (function.memorySizeMb() > 0) {
			attributes.put("faas.max_memory", function.memorySizeMb() * 1024L * 1024L);
		}
		String service = env.getOrDefault("OTEL_SERVICE_NAME", "");
		put(attributes, "service.name", service.isEmpty() ? function.name() : service);
		return attributes;
	}

	private static void put(Map<String, Object> attributes, String key, String value) {
		if (!value.isEmpty()) {
			attributes.put(key, value);
		}
	}

}
