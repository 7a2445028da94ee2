package dev.o2ext.http;

import java.util.logging.Logger;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Binds a WebFlux {@link HttpHandler} to an address on the shared event loop. */
public final class HttpServers {

	private static final Logger LOG = Logger.getLogger(HttpServers.class.getName());

	private HttpServers() {
	}

	/**
	 * Binds the handler, falling back to a free port when the preferred one is taken.
	 * @param host address to bind
	 * @param preferredPort the port to try first; 0 asks for any free port
	 * @param what a name for the one log line a fallback produces
	 * @return the bound server; {@link DisposableServer#port()} tells the port
	 * @throws RuntimeException when not even a free port could be bound
	 */
	public static DisposableServer bind(NettyResources netty, String host, int preferredPort, HttpHandler handler,
			String what) {
		ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(handler);
		try {
			return server(netty, host, preferredPort, adapter).bindNow();
		}
		catch (RuntimeException ex) {
			if (preferredPort == 0) {
				throw ex;
			}
			DisposableServer server = server(netty, host, 0, adapter).bindNow();
			LOG.warning(what + ": port " + preferredPort + " is taken, listening on " + server.port() + " instead");
			return server;
		}
	}

	private static HttpServer server(NettyResources netty, String host, int port, ReactorHttpHandlerAdapter adapter) {
		return HttpServer.create().runOn(netty.loops(), false).host(host).port(port).handle(adapter);
	}

}
