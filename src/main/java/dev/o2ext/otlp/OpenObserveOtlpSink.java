package dev.o2ext.otlp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.o2ext.buffer.Batch;
import dev.o2ext.config.OpenObserveSettings;
import dev.o2ext.config.OtlpSettings;
import dev.o2ext.shipping.BatchEncoder;
import dev.o2ext.shipping.HttpReply;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.Outcome;
import dev.o2ext.shipping.OutcomeClassifier;
import dev.o2ext.shipping.Sink;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sink of one signal's lane: merged exports to {@code POST {endpoint}/api/{org}/v1/{traces|metrics|logs}}
 * with the exact content type, gzip, the {@code stream-name} header for traces and logs
 * (metrics: OpenObserve makes one stream per metric), and the headers of
 * {@code OTEL_EXPORTER_OTLP_HEADERS} (whose {@code Authorization}, if any, replaces
 * {@code O2_AUTHORIZATION_HEADER}). A success answer is read for its {@code partial_success};
 * any other answer or failure is classified like the log lane's. A 400 for a merged request
 * splits it (one export's content, which the relay does not check deeply, may be what the server
 * refuses), as a 413 does.
 */
public final class OpenObserveOtlpSink implements Sink<Export> {

	private final OtlpSignal signal;

	private final OpenObserveClient client;

	private final OutcomeClassifier classifier;

	private final JsonMapper mapper;

	private final URI uri;

	private final Map<String, String> headers;

	public OpenObserveOtlpSink(OtlpSignal signal, OpenObserveClient client, OutcomeClassifier classifier,
			JsonMapper mapper, OpenObserveSettings openObserve, OtlpSettings otlp) {
		this.signal = signal;
		this.client = client;
		this.classifier = classifier;
		this.mapper = mapper;
		this.uri = openObserve.organizationUri(signal.openObservePath());
		Map<String, String> signalHeaders = new LinkedHashMap<>();
		otlp.exporterHeaders().forEach((name, value) -> signalHeaders.put(name, value.reveal()));
		signalHeaders.remove("stream-name");
		if (signal == OtlpSignal.TRACES) {
			signalHeaders.put("stream-name", otlp.tracesStream());
		}
		else if (signal == OtlpSignal.LOGS) {
			signalHeaders.put("stream-name", otlp.logsStream());
		}
		this.headers = Map.copyOf(signalHeaders);
	}

	/** The batch as one request body: protobuf exports concatenated, JSON resource lists joined; gzip-compressed. */
	@Override
	public byte[] encode(Batch<Export> batch) {
		if (batch.entries().get(0).encoding() == OtlpEncoding.JSON) {
			List<byte[]> payloads = new ArrayList<>(batch.size());
			batch.entries().forEach((export) -> payloads.add(export.payload()));
			return BatchEncoder.gzip(JsonExports.merge(this.signal, payloads));
		}
		if (batch.size() == 1) {
			return BatchEncoder.gzip(batch.entries().get(0).payload());
		}
		ByteArrayOutputStream merged = new ByteArrayOutputStream((int) batch.bytes());
		batch.entries().forEach((export) -> merged.writeBytes(export.payload()));
		return BatchEncoder.gzip(merged.toByteArray());
	}

	@Override
	public Mono<Outcome> send(Batch<Export> batch, byte[] body, Duration timeout) {
		OtlpEncoding encoding = batch.entries().get(0).encoding();
		return this.client.exchange(this.uri, encoding.contentType(), body, this.headers, timeout)
			.map((reply) -> classify(reply, (int) batch.count()))
			.onErrorResume((failure) -> Mono.just(this.classifier.classify(OpenObserveClient.unwrap(failure))));
	}

	@Override
	public boolean splits(Outcome outcome) {
		return outcome instanceof Outcome.Final rejected && rejected.status() == 400;
	}

	private Outcome classify(HttpReply reply, int items) {
		if (reply.status() >= 200 && reply.status() < 300) {
			PartialSuccess partial = PartialSuccess.parse(reply.body(), this.mapper);
			int rejected = (int) Math.min(partial.rejected(), items);
			return new Outcome.Accepted(items - rejected, rejected,
					partial.message().isEmpty() ? null : partial.message());
		}
		return this.classifier.classify(reply, items);
	}

}
