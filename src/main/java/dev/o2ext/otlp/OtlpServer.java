package dev.o2ext.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import dev.o2ext.http.NettyResources;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Binds the OTLP receiver on the shared event loop, on 127.0.0.1 and, when the sandbox has
 * it, on {@code ::1} too (the wrapper points the SDKs at {@code localhost}, which some runtimes,
 * Node.js among them, resolve to {@code ::1} first). Unlike the other listeners it never moves
 * to another port: the SDKs are pointed at this one, so when it is taken the extension says so
 * once and runs without the relay.
 */
public final class OtlpServer {

	private static final Logger LOG = Logger.getLogger(OtlpServer.class.getName());

	private final List<DisposableServer> servers;

	private OtlpServer(List<DisposableServer> servers) {
		this.servers = servers;
	}

	/**
	 * Binds the routes to the port, or returns a server that does not listen.
	 * @param port the port; 0 (tests) takes a free one, which {@code ::1} then shares if it can
	 */
	public static OtlpServer bind(NettyResources netty, int port, OtlpRoutes routes, OtlpRelay relay) {
		ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes.routes()));
		DisposableServer ipv4;
		try {
			ipv4 = server(netty, "127.0.0.1", port, adapter).bindNow();
		}
		catch (RuntimeException ex) {
			LOG.warning("OpenTelemetry relay: port " + port + " on 127.0.0.1 is taken (" + ex.getClass().getSimpleName()
					+ "); running without the relay, the function's OpenTelemetry data will not be forwarded");
			relay.receiverNotRunning("port_taken");
			return new OtlpServer(List.of());
		}
		List<DisposableServer> bound = new ArrayList<>(List.of(ipv4));
		try {
			bound.add(server(netty, "::1", ipv4.port(), adapter).bindNow());
		}
		catch (RuntimeException ex) {
			// no IPv6 loopback here: 127.0.0.1 is enough
		}
		relay.receiverListening(ipv4.port());
		return new OtlpServer(List.copyOf(bound));
	}

	/** A receiver that was turned off. */
	public static OtlpServer disabled(OtlpRelay relay) {
		relay.receiverNotRunning("disabled");
		return new OtlpServer(List.of());
	}

	/** The bound port, 0 when not listening. */
	public int port() {
		return this.servers.isEmpty() ? 0 : this.servers.get(0).port();
	}

	public boolean listening() {
		return !this.servers.isEmpty();
	}

	/** Stops listening (tests; in Lambda the process ends with it). */
	public void close() {
		this.servers.forEach(DisposableServer::disposeNow);
	}

	private static HttpServer server(NettyResources netty, String host, int port, ReactorHttpHandlerAdapter adapter) {
		return HttpServer.create().runOn(netty.loops(), false).host(host).port(port).handle(adapter);
	}

}
