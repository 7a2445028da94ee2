package dev.o2ext.app;

import java.util.ArrayList;
import java.util.List;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.SpillDirectory;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.config.Secret;
import dev.o2ext.http.NettyResources;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.otlp.OtlpLanes;
import dev.o2ext.otlp.OtlpReceiver;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.otlp.OtlpRoutes;
import dev.o2ext.otlp.OtlpServer;
import dev.o2ext.shipping.Jitter;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.RetrySchedule;
import dev.o2ext.shipping.Sleeper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the OpenTelemetry relay: its queues on the shared byte budget, one delivery lane per
 * signal (flushed after the log lane and the platform metrics) and the receiver on
 * 127.0.0.1:{@code O2_OTLP_PORT}, bound while the context starts. With {@code O2_OTLP_ENABLED=false}
 * nothing listens and the lanes have nothing to do.
 */
@Configuration(proxyBeanMethods = false)
class OtlpConfiguration {

	@Bean
	OtlpRelay otlpRelay(ByteBudget budget, ExtensionConfig config, InMemoryPipelineMetrics metrics,
			SpillDirectory spill) {
		return new OtlpRelay(budget, config.otlp().maxBodySize().toBytes(), metrics, spill,
				config.buffer().batchMaxBytes().toBytes());
	}

	/** One lane per signal on the relay's queues, with the shared retry policy. */
	@Bean
	OtlpLanes otlpLanes(OtlpRelay relay, OpenObserveClient client, JsonMapper mapper, InMemoryPipelineMetrics metrics,
			ExtensionConfig config, Jitter jitter) {
		List<Secret> secrets = new ArrayList<>(config.otlp().exporterHeaders().values());
		secrets.add(config.openObserve().authorization());
		return OtlpLanes.build(relay, client, mapper, config.openObserve(), config.otlp(), RetrySchedule.of(config.retry()),
				config.circuit(), Sleeper.SYSTEM, jitter, metrics, NanoClock.SYSTEM,
				config.buffer().batchMaxBytes().toBytes(), secrets);
	}

	@Bean(destroyMethod = "")
	OtlpServer otlpServer(NettyResources netty, OtlpRelay relay, OtlpLanes lanes, FlushCoordinator flushes,
			JsonMapper mapper, ExtensionConfig config) {
		if (!config.otlp().enabled()) {
			return OtlpServer.disabled(relay);
		}
		// an export is sent at once, while the runtime finishes, not after runtimeDone
		OtlpReceiver receiver = new OtlpReceiver(relay, mapper, (signal) -> flushes.flushSoon(lanes.of(signal)),
				config.otlp().maxBodySize().toBytes());
		return OtlpServer.bind(netty, config.otlp().port(), new OtlpRoutes(receiver), relay);
	}

}
