package dev.o2ext.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.AttributeKey;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The extension's Netty resources, sized for a sandbox that may have a fraction of one CPU:
 * one event loop thread (daemon) shared by the listeners and the client, NIO transport, the
 * JDK's resolver instead of Netty's DNS client, and a small connection pool whose idle
 * connections are not trusted across a freeze. After a SnapStart restore
 * ({@link #forgetConnections()}) no connection opened before it is used again.
 */
public final class NettyResources {

	/** Idle connections older than this are not reused: a thawed sandbox's sockets may be dead. */
	static final Duration MAX_IDLE = Duration.ofSeconds(10);

	/** The {@link #generation} a connection was opened in. */
	private static final AttributeKey<Integer> GENERATION = AttributeKey.valueOf("o2.generation");

	/** Incremented by {@link #forgetConnections()}; pooled connections of an older one are evicted. */
	private final AtomicInteger generation = new AtomicInteger();

	private final LoopResources loops = LoopResources.create("o2-netty", 1, 1, true, false);

	public LoopResources loops() {
		return this.loops;
	}

	/**
	 * No connection opened so far is used again: for a SnapStart restore, where the sockets of the
	 * snapshot are dead or, worse, shared by every environment restored from it. Any thread.
	 */
	public void forgetConnections() {
		this.generation.incrementAndGet();
	}

	/** A WebClient for OpenObserve; timeouts are applied per request by the caller. */
	public WebClient webClient(Duration connectTimeout) {
		ConnectionProvider pool = ConnectionProvider.builder("o2-openobserve")
			.maxConnections(2)
			.pendingAcquireMaxCount(16)
			.maxIdleTime(MAX_IDLE)
			.evictionPredicate((connection, metadata) -> {
				Integer opened = connection.channel().attr(GENERATION).get();
				return opened != null && opened != this.generation.get();
			})
			.build();
		HttpClient client = HttpClient.create(pool)
			.runOn(this.loops, false)
			.resolver(DefaultAddressResolverGroup.INSTANCE)
			.doOnConnected((connection) -> connection.channel().attr(GENERATION).set(this.generation.get()))
			.option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(client)).build();
	}

}
