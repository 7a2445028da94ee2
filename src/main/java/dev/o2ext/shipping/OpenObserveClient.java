package dev.o2ext.shipping;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.o2ext.config.Secret;
import dev.o2ext.http.DataBuffers;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Sends one compressed body to OpenObserve with the {@link WebClient}, bounded by a timeout. The
 * lanes subscribe to {@link #exchange} and wait for it on the flush thread, so that they can
 * cancel it when the moment's deadline comes; {@link #post} blocks, for the health check. The
 * authorization header is added here and nowhere else.
 */
public final class OpenObserveClient {

	/** Longest answer body read; OpenObserve's ingestion answers are a few hundred bytes. */
	public static final int MAX_REPLY_BYTES = 64 * 1024;

	private final WebClient webClient;

	private final Secret authorization;

	public OpenObserveClient(WebClient webClient, Secret authorization) {
		this.webClient = webClient;
		this.authorization = authorization;
	}

	/**
	 * The POST of a gzip-compressed body, sent when subscribed to. Cancelling the subscription
	 * while the exchange runs closes its connection (Reactor Netty does not return a connection
	 * with an unfinished exchange to the pool), so a retry goes out on a fresh one.
	 * @param uri where
	 * @param contentType e.g. {@code application/json}
	 * @param gzippedBody the body, already compressed
	 * @param extraHeaders further headers (e.g. {@code stream-name}); may override authorization
	 * @param timeout bound of the whole exchange: past it the exchange is cancelled and fails with
	 * a {@link java.util.concurrent.TimeoutException}
	 * @return the answer, or the failure (connection error, timeout)
	 */
	public Mono<HttpReply> exchange(URI uri, String contentType, byte[] gzippedBody, Map<String, String> extraHeaders,
			Duration timeout) {
		return this.webClient.post()
			.uri(uri)
			.headers((headers) -> {
				headers.set(HttpHeaders.AUTHORIZATION, this.authorization.reveal());
				headers.set(HttpHeaders.CONTENT_TYPE, contentType);
				headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
				extraHeaders.forEach(headers::set);
			})
			.bodyValue(gzippedBody)
			.exchangeToMono((response) -> DataBufferUtils
				.join(response.bodyToFlux(DataBuffer.class), MAX_REPLY_BYTES)
				.map(DataBuffers::toBytes)
				.onErrorReturn(new byte[0])
				.defaultIfEmpty(new byte[0])
				.map((body) -> new HttpReply(response.statusCode().value(),
						response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), body)))
			.timeout(timeout)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("no answer")));
	}

	/**
	 * {@link #exchange} and wait for it, on a thread that may block (the health check).
	 * @throws RuntimeException the failure (connection error, {@link java.util.concurrent.TimeoutException} wrapped)
	 */
	public HttpReply post(URI uri, String contentType, byte[] gzippedBody, Map<String, String> extraHeaders,
			Duration timeout) {
		try {
			return exchange(uri, contentType, gzippedBody, extraHeaders, timeout).block();
		}
		catch (RuntimeException ex) {
			Throwable cause = unwrap(ex);
			throw (cause instanceof RuntimeException runtime) ? runtime : new WrappedFailure(cause);
		}
	}

	/** The failure itself, without Reactor's wrapping of checked exceptions. */
	public static Throwable unwrap(Throwable failure) {
		return Exceptions.unwrap(failure);
	}

	/** A checked failure (e.g. a timeout) of an exchange, carried unchecked with its cause. */
	public static final class WrappedFailure extends RuntimeException {

		WrappedFailure(Throwable cause) {
			super(cause.getClass().getSimpleName(), cause);
		}

	}

}
