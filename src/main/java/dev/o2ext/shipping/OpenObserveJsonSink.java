package dev.o2ext.shipping;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.o2ext.buffer.Batch;
import reactor.core.publisher.Mono;

/** Sends the log lane's batches to {@code POST {endpoint}/api/{org}/{stream}/_json}, gzip-compressed. */
public final class OpenObserveJsonSink implements Sink<byte[]> {

	private final OpenObserveClient client;

	private final OutcomeClassifier classifier;

	private final URI uri;

	public OpenObserveJsonSink(OpenObserveClient client, OutcomeClassifier classifier, URI uri) {
		this.client = client;
		this.classifier = classifier;
		this.uri = uri;
	}

	@Override
	public byte[] encode(Batch<byte[]> batch) {
		return BatchEncoder.gzipJsonArray(batch.entries());
	}

	@Override
	public Mono<Outcome> send(Batch<byte[]> batch, byte[] body, Duration timeout) {
		return this.client.exchange(this.uri, "application/json", body, Map.of(), timeout)
			.map((reply) -> this.classifier.classify(reply, (int) batch.count()))
			.onErrorResume((failure) -> Mono.just(this.classifier.classify(OpenObserveClient.unwrap(failure))));
	}

}
