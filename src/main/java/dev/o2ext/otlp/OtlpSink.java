package dev.o2ext.otlp;

import java.time.Duration;

import dev.o2ext.shipping.Outcome;

/**
 * Where the forwarder's requests go: one attempt, classified, never throwing. The production
 * sink is {@link OpenObserveOtlpSink}; tests use a recording fake.
 */
public interface OtlpSink {

	/**
	 * Sends once within the timeout. A success is {@link Outcome.Accepted} with the items the
	 * server kept and those it refused in {@code partial_success}.
	 */
	Outcome send(ForwardRequest request, Duration timeout);

	/** Upper bound of one request. */
	Duration requestTimeout();

}
