package dev.o2ext.app;

import java.util.ArrayList;
import java.util.List;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.config.Secret;
import dev.o2ext.http.NettyResources;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.otlp.OpenObserveOtlpSink;
import dev.o2ext.otlp.OtlpForwarder;
import dev.o2ext.otlp.OtlpReceiver;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.otlp.OtlpRoutes;
import dev.o2ext.otlp.OtlpServer;
import dev.o2ext.shipping.Jitter;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.OutcomeClassifier;
import dev.o2ext.shipping.RetrySchedule;
import dev.o2ext.shipping.Sleeper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the OpenTelemetry relay: its queues on the shared byte budget, the forwarder (a
 * {@link dev.o2ext.shipping.Flushable} flushed after the log shipper) and the receiver on
 * 127.0.0.1:{@code O2_OTLP_PORT}, bound while the context starts. With {@code O2_OTLP_ENABLED=false}
 * nothing listens and the forwarder has nothing to do.
 */
@Configuration(proxyBeanMethods = false)
class OtlpConfiguration {

	@Bean
	OtlpRelay otlpRelay(ByteBudget budget, ExtensionConfig config) {
		return new OtlpRelay(budget, config.otlp().maxBodySize().toBytes());
	}

	@Bean
	OtlpForwarder otlpForwarder(OtlpRelay relay, OpenObserveClient client, JsonMapper mapper,
			InMemoryPipelineMetrics metrics, ExtensionConfig config, Jitter jitter) {
		OpenObserveOtlpSink sink = new OpenObserveOtlpSink(client, new OutcomeClassifier(mapper), mapper,
				config.openObserve(), config.otlp());
		List<Secret> secrets = new ArrayList<>(config.otlp().exporterHeaders().values());
		secrets.add(config.openObserve().authorization());
		return new OtlpForwarder(relay, sink, RetrySchedule.of(config.retry()), Sleeper.SYSTEM,
				jitter, metrics, NanoClock.SYSTEM,
				config.buffer().batchMaxBytes().toBytes(), secrets);
	}

	@Bean(destroyMethod = "")
	OtlpServer otlpServer(NettyResources netty, OtlpRelay relay, OtlpForwarder forwarder, FlushCoordinator flushes,
			JsonMapper mapper, ExtensionConfig config) {
		if (!config.otlp().enabled()) {
			return OtlpServer.disabled(relay);
		}
		// an export is sent at once, while the runtime finishes, not after runtimeDone
		OtlpReceiver receiver = new OtlpReceiver(relay, mapper, () -> flushes.flushSoon(forwarder),
				config.otlp().maxBodySize().toBytes());
		return OtlpServer.bind(netty, config.otlp().port(), new OtlpRoutes(receiver), relay);
	}

}
