package dev.o2ext.shipping;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.Measure;
import dev.o2ext.config.Secret;
import dev.o2ext.http.NettyResources;
import dev.o2ext.metrics.FailureKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The real WebClient against a scripted OpenObserve. */
class OpenObserveJsonSinkTest {

	/** A made-up credential; compared in code, never printed by a failing assertion. */
	private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpzM2NyM3Q=";

	private static final String PATH = "/api/default/lambda_logs/_json";

	private static final NettyResources NETTY = new NettyResources();

	private final WireMockServer openObserve = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private final OpenObserveClient client = new OpenObserveClient(NETTY.webClient(Duration.ofSeconds(2)),
			new Secret(AUTH));

	private final OutcomeClassifier classifier = new OutcomeClassifier(JsonMapper.builder().build());

	@BeforeEach
	void start() {
		this.openObserve.start();
	}

	@AfterEach
	void stop() {
		this.openObserve.stop();
	}

	@AfterAll
	static void disposeNetty() {
		NETTY.loops().disposeLater().block(Duration.ofSeconds(10));
	}

	@Test
	void postsTheBatchAsAJsonArrayWithTheHeaders() {
		stub(aResponse().withStatus(200).withBody(OutcomeClassifierTest.fixture("ingest-ok.json")));
		Batch<byte[]> batch = batch("{\"n\":1}", "{\"n\":2,\"record\":\"line\\n\"}", "{\"n\":3}");

		Outcome outcome = send(sink(PATH), batch, Duration.ofSeconds(5));

		assertThat(outcome).isEqualTo(new Outcome.Accepted(3, 0, null));
		LoggedRequest request = onlyRequest();
		assertThat(request.getUrl()).isEqualTo(PATH);
		assertThat(request.getHeader("Content-Encoding")).isEqualTo("gzip");
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(AUTH.equals(request.getHeader("Authorization"))).as("the Authorization header is the secret").isTrue();
		// WireMock decompresses gzip request bodies itself; the raw bytes are checked below
		assertThat(request.getBodyAsString()).isEqualTo("[{\"n\":1},{\"n\":2,\"record\":\"line\\n\"},{\"n\":3}]");
	}

	@Test
	void theBodyOnTheWireIsGzip() throws Exception {
		CompletableFuture<byte[]> received = new CompletableFuture<>();
		HttpServer raw = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		raw.createContext("/", (exchange) -> {
			received.complete(exchange.getRequestBody().readAllBytes());
			byte[] answer = OutcomeClassifierTest.fixture("ingest-ok.json");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		raw.start();
		try {
			OpenObserveJsonSink sink = new OpenObserveJsonSink(this.client, this.classifier,
					URI.create("http://127.0.0.1:" + raw.getAddress().getPort() + PATH));

			Outcome outcome = send(sink, batch("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"), Duration.ofSeconds(5));

			assertThat(outcome).isEqualTo(new Outcome.Accepted(3, 0, null));
			byte[] body = received.get(5, TimeUnit.SECONDS);
			assertThat(Arrays.copyOf(body, 2)).as("gzip magic").containsExactly((byte) 0x1f, (byte) 0x8b);
			assertThat(gunzip(body)).isEqualTo("[{\"a\":1},{\"b\":2},{\"c\":3}]");
		}
		finally {
			raw.stop(0);
		}
	}

	@Test
	void retryAfterIsPassedOn() {
		stub(aResponse().withStatus(503)
			.withHeader("Retry-After", "7")
			.withBody(OutcomeClassifierTest.fixture("ingest-overloaded.json")));

		Outcome outcome = send(sink(PATH), batch("{}"), Duration.ofSeconds(5));

		assertThat(outcome).isEqualTo(new Outcome.Retryable(FailureKind.RETRYABLE_STATUS,
				"HTTP 503: Error# ingestion memtable is full, please retry later", Duration.ofSeconds(7)));
	}

	@Test
	void theClientReturnsStatusRetryAfterAndBody() {
		stub(aResponse().withStatus(429).withHeader("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT").withBody("slow down"));

		HttpReply reply = this.client.post(URI.create(this.openObserve.baseUrl() + PATH), "application/json",
				BatchEncoder.gzipJsonArray(List.of()), java.util.Map.of("stream-name", "x"), Duration.ofSeconds(5));

		assertThat(reply.status()).isEqualTo(429);
		assertThat(reply.retryAfter()).isEqualTo("Wed, 21 Oct 2099 07:28:00 GMT");
		assertThat(reply.bodyText()).isEqualTo("slow down");
		assertThat(onlyRequest().getHeader("stream-name")).isEqualTo("x");
	}

	@Test
	void unauthorizedIsFinalAndTheDescriptionHoldsNoSecret() {
		stub(aResponse().withStatus(401).withBody(OutcomeClassifierTest.fixture("unauthorized.txt")));

		Outcome outcome = send(sink(PATH), batch("{}"), Duration.ofSeconds(5));

		assertThat(outcome).isInstanceOfSatisfying(Outcome.Final.class, (rejected) -> {
			assertThat(rejected.status()).isEqualTo(401);
			assertThat(rejected.description()).contains("Unauthorized Access", "O2_AUTHORIZATION_HEADER");
			assertThat(rejected.description().contains(AUTH)).isFalse();
		});
	}

	@Test
	void aServerThatDoesNotAnswerInTimeIsATimeout() {
		stub(aResponse().withStatus(200).withFixedDelay(5_000).withBody("{}"));

		// the bound proves the request timeout applied, not the server's 5 s delay
		Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(4),
				() -> send(sink(PATH), batch("{}"), Duration.ofMillis(300)));

		assertThat(outcome).isInstanceOfSatisfying(Outcome.Retryable.class,
				(retryable) -> assertThat(retryable.kind()).isEqualTo(FailureKind.TIMEOUT));
	}

	@Test
	void aRefusedConnectionIsAConnectionFailure() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		OpenObserveJsonSink unreachable = new OpenObserveJsonSink(this.client, this.classifier,
				URI.create("http://127.0.0.1:" + closedPort + PATH));

		Outcome outcome = send(unreachable, batch("{}"), Duration.ofSeconds(5));

		assertThat(outcome).isInstanceOfSatisfying(Outcome.Retryable.class,
				(retryable) -> assertThat(retryable.kind()).isEqualTo(FailureKind.CONNECTION));
	}

	@Test
	void theBodyIsTheGzipJsonArrayOfTheBatch() throws IOException {
		assertThat(gunzip(sink(PATH).encode(batch("{\"a\":1}", "{\"b\":2}")))).isEqualTo("[{\"a\":1},{\"b\":2}]");
	}

	private OpenObserveJsonSink sink(String path) {
		return new OpenObserveJsonSink(this.client, this.classifier, URI.create(this.openObserve.baseUrl() + path));
	}

	/** One attempt, as a lane makes it: the body encoded, the request sent and awaited. */
	private static Outcome send(OpenObserveJsonSink sink, Batch<byte[]> batch, Duration timeout) {
		return sink.send(batch, sink.encode(batch), timeout).block();
	}

	private void stub(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.openObserve.stubFor(post(anyUrl()).willReturn(response));
	}

	private LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = this.openObserve.findAll(postRequestedFor(urlEqualTo(PATH)));
		assertThat(requests.size()).as("requests received").isEqualTo(1);
		return requests.get(0);
	}

	private static Batch<byte[]> batch(String... records) {
		return Batch.of(Arrays.stream(records).map((r) -> r.getBytes(StandardCharsets.UTF_8)).toList(), Measure.RECORDS);
	}

	private static String gunzip(byte[] gzipped) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
