package dev.o2ext.platformmetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.o2ext.config.ConfigException;
import dev.o2ext.config.FunctionInfo;

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

	/** Reads the settings from the environment; a bad value names its variable. */
	public static PlatformMetricsSettings from(Map<String, String> env, FunctionInfo function) {
		List<String> problems = new ArrayList<>();
		boolean enabled = true;
		String flag = env.getOrDefault("O2_PLATFORM_METRICS", "").trim().toLowerCase(Locale.ROOT);
		if (flag.equals("false")) {
			enabled = false;
		}
		else if (!flag.isEmpty() && !flag.equals("true")) {
			problems.add("O2_PLATFORM_METRICS must be true or false");
		}
		long intervalMs = 60_000;
		String interval = env.getOrDefault("O2_METRICS_INTERVAL_MS", "").trim();
		if (!interval.isEmpty()) {
			try {
				intervalMs = Long.parseLong(interval);
			}
			catch (NumberFormatException ex) {
				intervalMs = -1;
			}
			if (intervalMs < 1000 || intervalMs > 3_600_000) {
				problems.add("O2_METRICS_INTERVAL_MS must be a whole number from 1000 to 3600000");
			}
		}
		if (!problems.isEmpty()) {
			throw new ConfigException(problems);
		}
		return new PlatformMetricsSettings(enabled, Duration.ofMillis(intervalMs), resource(env, function));
	}

	private static Map<String, Object> resource(Map<String, String> env, FunctionInfo function) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("cloud.provider", "aws");
		attributes.put("cloud.platform", "aws_lambda");
		put(attributes, "cloud.region", function.region());
		put(attributes, "cloud.account.id", env.getOrDefault("O2_CLOUD_ACCOUNT_ID", ""));
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
