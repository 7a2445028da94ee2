package dev.o2ext.shipping;

import java.time.Duration;

import dev.o2ext.buffer.Batch;
import reactor.core.publisher.Mono;

/**
 * Where one lane's batches go: OpenObserve's {@code _json} API for the function's logs
 * ({@link OpenObserveJsonSink}), its OTLP endpoint for each OpenTelemetry signal. Tests use
 * recording fakes.
 *
 * @param <T> the entry type
 */
public interface Sink<T> {

	/** The request body of a batch, compressed; called once per batch, however many attempts it takes. */
	byte[] encode(Batch<T> batch);

	/**
	 * One attempt: the request, sent when subscribed to, classified when answered. The returned
	 * {@link Mono} never signals an error (a failure is a {@link Outcome.Retryable}); cancelling
	 * the subscription abandons the request and closes its connection.
	 * @param timeout the most the request may take; the lane may cancel it sooner
	 */
	Mono<Outcome> send(Batch<T> batch, byte[] body, Duration timeout);

	/**
	 * Whether an outcome for a batch of two or more entries calls for splitting it in halves;
	 * a 413 always does, a 200 that stored nothing always does (the lane checks those itself).
	 */
	default boolean splits(Outcome outcome) {
		return false;
	}

}
