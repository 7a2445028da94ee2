package dev.o2ext.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/** The pooled connection to OpenObserve is reused, but not across a SnapStart restore. */
class NettyResourcesTest {

	private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

	private final HttpServer server = start();

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void noConnectionFromBeforeARestoreIsUsedAgain() {
		NettyResources netty = new NettyResources();
		WebClient client = netty.webClient(Duration.ofSeconds(2));

		get(client);
		get(client);
		netty.forgetConnections();
		get(client);
		get(client);

		assertThat(this.clientPorts).hasSize(4);
		assertThat(this.clientPorts.get(1)).as("pooled before the restore").isEqualTo(this.clientPorts.get(0));
		assertThat(this.clientPorts.get(2)).as("a new connection after it").isNotEqualTo(this.clientPorts.get(1));
		assertThat(this.clientPorts.get(3)).as("which is pooled again").isEqualTo(this.clientPorts.get(2));
	}

	private void get(WebClient client) {
		client.get().uri("http://127.0.0.1:" + this.server.getAddress().getPort() + "/")
			.retrieve().toBodilessEntity().block(Duration.ofSeconds(5));
	}

	private HttpServer start() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			http.createContext("/", (exchange) -> {
				this.clientPorts.add(exchange.getRemoteAddress().getPort());
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			http.start();
			return http;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
