package dev.o2ext.config;

import java.time.Duration;

/**
 * The platform metrics: whether they are sent, how often the delivery counters go out, and the
 * account id the user gives for their resource.
 *
 * @param enabled {@code O2_PLATFORM_METRICS}
 * @param interval {@code O2_METRICS_INTERVAL_MS}: the least time between two sets of delivery
 * counters (SHUTDOWN always sends one)
 * @param cloudAccountId {@code O2_CLOUD_ACCOUNT_ID}, empty when not given
 */
public record MetricsSettings(boolean enabled, Duration interval, String cloudAccountId) {
}
