package dev.o2ext.app;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.cli.Version;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.diagnostics.DiagnosticsDocument;
import dev.o2ext.diagnostics.DiagnosticsRoutes;
import dev.o2ext.http.HttpServers;
import dev.o2ext.http.NettyResources;
import dev.o2ext.lifecycle.ExtensionStatus;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.telemetry.TelemetryIngest;
import dev.o2ext.telemetry.TelemetryRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds the two listeners while the context starts: the Telemetry API endpoint on all
 * interfaces (Lambda posts to {@code sandbox.localdomain}) and the diagnostics endpoint on the
 * loopback interface only. They are never closed: the process ends with them.
 */
@Configuration(proxyBeanMethods = false)
class ServersConfiguration {

	/** Largest Telemetry API body read: Lambda's maxBytes is at most 1 MiB, plus JSON framing. */
	private static final int MAX_TELEMETRY_BODY = 4 * 1024 * 1024;

	@Bean(destroyMethod = "")
	DisposableServer telemetryServer(NettyResources netty, ExtensionConfig config, TelemetryIngest ingest,
			InMemoryPipelineMetrics metrics, ExtensionStatus status) {
		TelemetryRoutes routes = new TelemetryRoutes(ingest, metrics, MAX_TELEMETRY_BODY);
		DisposableServer server = HttpServers.bind(netty, config.telemetry().listenAddress(),
				config.telemetry().port(), RouterFunctions.toHttpHandler(routes.routes()), "telemetry listener");
		status.telemetryPort(server.port());
		return server;
	}

	@Bean(destroyMethod = "")
	DiagnosticsServer diagnosticsServer(NettyResources netty, ExtensionConfig config, BoundedQueue<byte[]> buffer,
			InMemoryPipelineMetrics metrics, ExtensionStatus status, JsonMapper mapper, OtlpRelay otlp) {
		if (config.diagnosticsPort() == 0) {
			return new DiagnosticsServer(0);
		}
		DiagnosticsRoutes routes = new DiagnosticsRoutes(
				new DiagnosticsDocument(buffer, metrics, status, Version.current(), otlp), mapper);
		DisposableServer server = HttpServers.bind(netty, "127.0.0.1", config.diagnosticsPort(),
				RouterFunctions.toHttpHandler(routes.routes()), "diagnostics endpoint");
		return new DiagnosticsServer(server.port());
	}

	/**
	 * The bound diagnostics port, 0 when turned off.
	 * @param port the port
	 */
	record DiagnosticsServer(int port) {
	}

}
