package dev.o2ext.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
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

	/** Connections with an exchange in progress: request sent or being sent, answer not read to its end. */
	private final Set<Channel> exchanging = ConcurrentHashMap.newKeySet();

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

	/**
	 * Waits until no connection of the WebClient has an exchange in progress (a cancelled one is
	 * closed on the event loop, shortly after the cancel), for at most {@code max}. Called before
	 * the extension calls next, so that no request is half-sent while the sandbox is frozen.
	 * @return whether none is in progress
	 */
	public boolean awaitNoExchange(Duration max) {
		long end = System.nanoTime() + max.toNanos();
		synchronized (this.exchanging) {
			while (!this.exchanging.isEmpty()) {
				long left = end - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					this.exchanging.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	private void exchangeEnded(Channel channel) {
		synchronized (this.exchanging) {
			if (this.exchanging.remove(channel)) {
				this.exchanging.notifyAll();
			}
		}
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
			.doOnConnected((connection) -> {
				Channel channel = connection.channel();
				channel.attr(GENERATION).set(this.generation.get());
				channel.closeFuture().addListener((closed) -> exchangeEnded(channel));
			})
			.doOnRequest((request, connection) -> this.exchanging.add(connection.channel()))
			.doAfterResponseSuccess((response, connection) -> exchangeEnded(connection.channel()))
			.option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(client)).build();
	}

}
