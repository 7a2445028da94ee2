package dev.o2ext.otlp;

import java.util.logging.Logger;

import dev.o2ext.http.DataBuffers;
import dev.o2ext.metrics.ThrottledLog;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The OTLP/HTTP endpoints {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs}:
 * reads the body (refusing one larger than the limit by its {@code Content-Length} or while
 * reading) and answers what {@link OtlpReceiver} decides. An unexpected failure answers 500
 * and is logged, throttled; it never reaches the SDK as a hang.
 */
public final class OtlpRoutes {

	private static final Logger LOG = Logger.getLogger(OtlpRoutes.class.getName());

	private final OtlpReceiver receiver;

	private final ThrottledLog failures = new ThrottledLog(LOG, java.time.Duration.ofMinutes(1));

	public OtlpRoutes(OtlpReceiver receiver) {
		this.receiver = receiver;
	}

	public RouterFunction<ServerResponse> routes() {
		RouterFunctions.Builder routes = RouterFunctions.route();
		for (OtlpSignal signal : OtlpSignal.values()) {
			routes.POST(signal.receiverPath(), (request) -> receive(signal, request));
		}
		return routes.build();
	}

	private Mono<ServerResponse> receive(OtlpSignal signal, ServerRequest request) {
		HttpHeaders headers = request.headers().asHttpHeaders();
		String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		String contentEncoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		long limit = this.receiver.maxBodyBytes();
		if (headers.getContentLength() > limit) {
			return answer(this.receiver.tooLarge(signal, contentType));
		}
		int maxRead = (int) Math.min(limit, Integer.MAX_VALUE - 8);
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxRead)
			.map(DataBuffers::toBytes)
			.defaultIfEmpty(new byte[0])
			.map((body) -> this.receiver.receive(signal, contentType, contentEncoding, body))
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> Mono.just(this.receiver.tooLarge(signal, contentType)))
			.flatMap(this::answer)
			.onErrorResume((ex) -> {
				this.failures.warn("otlp-" + ex.getClass().getSimpleName(),
						"the OTLP receiver failed on a request: " + ex.getClass().getSimpleName());
				return ServerResponse.status(500).build();
			});
	}

	private Mono<ServerResponse> answer(OtlpAnswer answer) {
		ServerResponse.BodyBuilder response = ServerResponse.status(answer.status())
			.contentType(MediaType.parseMediaType(answer.contentType()));
		if (answer.retryAfterSeconds() != null) {
			response.header(HttpHeaders.RETRY_AFTER, Integer.toString(answer.retryAfterSeconds()));
		}
		return response.bodyValue(answer.body());
	}

}
