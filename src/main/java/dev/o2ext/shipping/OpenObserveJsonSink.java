package dev.o2ext.shipping;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.o2ext.buffer.Batch;

/** Sends batches to {@code POST {endpoint}/api/{org}/{stream}/_json}, gzip-compressed. */
public final class OpenObserveJsonSink implements Shipper.Sink {

	private final OpenObserveClient client;

	private final OutcomeClassifier classifier;

	private final URI uri;

	private final Duration requestTimeout;

	public OpenObserveJsonSink(OpenObserveClient client, OutcomeClassifier classifier, URI uri,
			Duration requestTimeout) {
		this.client = client;
		this.classifier = classifier;
		this.uri = uri;
		this.requestTimeout = requestTimeout;
	}

	@Override
	public Outcome send(Batch batch, Duration timeout) {
		byte[] body = BatchEncoder.gzipJsonArray(batch.records());
		try {
			HttpReply reply = this.client.post(this.uri, "application/json", body, Map.of(), timeout);
			return this.classifier.classify(reply, batch.size());
		}
		catch (RuntimeException ex) {
			return this.classifier.classify(ex);
		}
	}

	@Override
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

}
