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

		for (int i = 0; i < 6; i++) {
			get(client);
		}
		List<Integer> before = List.copyOf(this.clientPorts);
		netty.forgetConnections();
		for (int i = 0; i < 6; i++) {
			get(client);
		}
		List<Integer> after = this.clientPorts.subList(before.size(), this.clientPorts.size());

		assertThat(before.stream().distinct().count()).as("connections are pooled: %s", before).isLessThan(before.size());
		assertThat(after).as("no connection from before the restore (%s)", before).noneMatch(before::contains);
		assertThat(after.stream().distinct().count()).as("pooled again after it: %s", after).isLessThan(after.size());
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
