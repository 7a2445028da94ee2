package dev.o2ext.app;

import java.time.Clock;
import java.util.logging.Logger;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.cli.Version;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.config.MetricsSettings;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.platformmetrics.DropWarnings;
import dev.o2ext.platformmetrics.OtlpMetricsEncoder;
import dev.o2ext.platformmetrics.PlatformMetrics;
import dev.o2ext.platformmetrics.PlatformMetricsSettings;
import dev.o2ext.records.SandboxContext;
import dev.o2ext.shipping.NanoClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the platform metrics: a {@link dev.o2ext.shipping.Flushable} flushed after the log
 * lane and before the OpenTelemetry lanes, so that what it queues on the relay's metrics queue
 * leaves in the same flush. Settings from {@code O2_PLATFORM_METRICS} and {@code O2_METRICS_INTERVAL_MS}.
 */
@Configuration(proxyBeanMethods = false)
class PlatformMetricsConfiguration {

	/** The least time between two summary lines about drops. */
	private static final long WARNING_INTERVAL_NANOS = 60_000_000_000L;

	private static final Logger LOG = Logger.getLogger("dev.o2ext.platformmetrics");

	@Bean
	PlatformMetrics platformMetrics(ExtensionConfig config, OtlpRelay relay, InMemoryPipelineMetrics metrics,
			ByteBudget budget, SandboxContext sandbox) {
		// cloud.account.id: the account of the log records (the registration's answer, else O2_CLOUD_ACCOUNT_ID)
		MetricsSettings metricsSettings = new MetricsSettings(config.metrics().enabled(), config.metrics().interval(),
				sandbox.accountId());
		PlatformMetricsSettings settings = PlatformMetricsSettings.from(metricsSettings, config.function(),
				System.getenv());
		OtlpMetricsEncoder encoder = new OtlpMetricsEncoder(settings.resource(), "o2-lambda-extension",
				Version.current());
		return new PlatformMetrics(settings, encoder, relay, metrics, budget,
				new DropWarnings(LOG::warning, WARNING_INTERVAL_NANOS), Clock.systemUTC(), NanoClock.SYSTEM);
	}

}
