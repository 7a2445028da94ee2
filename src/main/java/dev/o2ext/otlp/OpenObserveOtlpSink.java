package dev.o2ext.otlp;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.o2ext.config.OpenObserveSettings;
import dev.o2ext.config.OtlpSettings;
import dev.o2ext.shipping.HttpReply;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.Outcome;
import dev.o2ext.shipping.OutcomeClassifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends merged exports to {@code POST {endpoint}/api/{org}/v1/{traces|metrics|logs}} with the
 * exact content type, gzip, the {@code stream-name} header for traces and logs, and the
 * headers of {@code OTEL_EXPORTER_OTLP_HEADERS} (whose {@code Authorization}, if any, replaces
 * {@code O2_AUTHORIZATION_HEADER}). A success answer is read for its {@code partial_success};
 * any other answer or failure is classified like the log shipper's.
 */
public final class OpenObserveOtlpSink implements OtlpSink {

	private final OpenObserveClient client;

	private final OutcomeClassifier classifier;

	private final JsonMapper mapper;

	private final Duration requestTimeout;

	private final Map<OtlpSignal, URI> uris = new EnumMap<>(OtlpSignal.class);

	private final Map<OtlpSignal, Map<String, String>> headers = new EnumMap<>(OtlpSignal.class);

	public OpenObserveOtlpSink(OpenObserveClient client, OutcomeClassifier classifier, JsonMapper mapper,
			OpenObserveSettings openObserve, OtlpSettings otlp) {
		this.client = client;
		this.classifier = classifier;
		this.mapper = mapper;
		this.requestTimeout = openObserve.requestTimeout();
		for (OtlpSignal signal : OtlpSignal.values()) {
			this.uris.put(signal, openObserve.organizationUri(signal.openObservePath()));
			Map<String, String> signalHeaders = new LinkedHashMap<>();
			otlp.exporterHeaders().forEach((name, value) -> signalHeaders.put(name, value.reveal()));
			signalHeaders.remove("stream-name");
			if (signal == OtlpSignal.TRACES) {
				signalHeaders.put("stream-name", otlp.tracesStream());
			}
			else if (signal == OtlpSignal.LOGS) {
				signalHeaders.put("stream-name", otlp.logsStream());
			}
			this.headers.put(signal, Map.copyOf(signalHeaders));
		}
	}

	@Override
	public Outcome send(ForwardRequest request, Duration timeout) {
		try {
			HttpReply reply = this.client.post(this.uris.get(request.signal()), request.encoding().contentType(),
					request.gzippedBody(), this.headers.get(request.signal()), timeout);
			if (reply.status() >= 200 && reply.status() < 300) {
				PartialSuccess partial = PartialSuccess.parse(reply.body(), this.mapper);
				int rejected = (int) Math.min(partial.rejected(), request.items());
				return new Outcome.Accepted(request.items() - rejected, rejected,
						partial.message().isEmpty() ? null : partial.message());
			}
			return this.classifier.classify(reply, request.items());
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
