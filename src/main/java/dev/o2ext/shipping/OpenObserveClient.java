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

/**
 * Sends one compressed body to OpenObserve with the {@link WebClient} and waits for the answer,
 * bounded by a timeout. Blocking by design: it is called from the single shipping thread (or
 * the lifecycle thread at shutdown), never from an event loop. The authorization header is
 * added here and nowhere else.
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
	 * POSTs a gzip-compressed body.
	 * @param uri where
	 * @param contentType e.g. {@code application/json}
	 * @param gzippedBody the body, already compressed
	 * @param extraHeaders further headers (e.g. {@code stream-name}); may override authorization
	 * @param timeout bound of the whole exchange
	 * @return the answer
	 * @throws RuntimeException the failure (connection error, {@link java.util.concurrent.TimeoutException} wrapped)
	 */
	public HttpReply post(URI uri, String contentType, byte[] gzippedBody, Map<String, String> extraHeaders,
			Duration timeout) {
		try {
			HttpReply reply = this.webClient.post()
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
				.block();
			if (reply == null) {
				throw new IllegalStateException("no answer");
			}
			return reply;
		}
		catch (RuntimeException ex) {
			Throwable cause = Exceptions.unwrap(ex);
			throw (cause instanceof RuntimeException runtime) ? runtime : new WrappedFailure(cause);
		}
	}


	/** A checked failure (e.g. a timeout) of an exchange, carried unchecked with its cause. */
	public static final class WrappedFailure extends RuntimeException {

		WrappedFailure(Throwable cause) {
			super(cause.getClass().getSimpleName(), cause);
		}

	}

}
