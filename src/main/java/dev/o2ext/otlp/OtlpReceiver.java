package dev.o2ext.otlp;

import java.util.function.Consumer;

import dev.o2ext.buffer.OfferResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles one OTLP/HTTP export request once its body has been read: checks the content type
 * and encoding, decompresses within the size limit, checks and counts the export, offers it to
 * its signal's queue, and says what to answer. No I/O, no waiting, no exception escapes:
 * anything wrong with the input becomes a 4xx answer and a count, a full buffer a 503 with
 * {@code Retry-After} that the SDK may retry, so the SDK is never held up. Called on the event
 * loop; never logs per request.
 */
public final class OtlpReceiver {

	/** Seconds an SDK is asked to wait after a 503. */
	static final int RETRY_AFTER_SECONDS = 1;

	private final OtlpRelay relay;

	private final JsonExports json;

	private final Consumer<OtlpSignal> onBuffered;

	private final long maxBodyBytes;

	/**
	 * @param onBuffered told after an export of the signal was queued (during an invocation its lane is
	 * then flushed at once)
	 * @param maxBodyBytes the largest body, as received and after decompression
	 */
	public OtlpReceiver(OtlpRelay relay, JsonMapper mapper, Consumer<OtlpSignal> onBuffered, long maxBodyBytes) {
		this.relay = relay;
		this.json = new JsonExports(mapper);
		this.onBuffered = onBuffered;
		this.maxBodyBytes = maxBodyBytes;
	}

	public long maxBodyBytes() {
		return this.maxBodyBytes;
	}

	/** Answers a request whose body was read in full. */
	public OtlpAnswer receive(OtlpSignal signal, @Nullable String contentType, @Nullable String contentEncoding,
			byte[] body) {
		ReceiverCounters counters = this.relay.received(signal);
		counters.requests.increment();
		counters.requestBytes.add(body.length);
		OtlpEncoding encoding = OtlpEncoding.of(contentType);
		if (encoding == null) {
			counters.refused.increment(Refusal.UNSUPPORTED);
			return OtlpAnswer.plain(415, "Content-Type must be application/x-protobuf or application/json");
		}
		if (body.length > this.maxBodyBytes) {
			return tooLarge(counters, encoding);
		}
		Export export;
		try {
			byte[] decoded = RequestBodies.decode(body, contentEncoding, this.maxBodyBytes);
			export = (encoding == OtlpEncoding.PROTOBUF) ? ProtobufExports.read(signal, decoded)
					: this.json.read(signal, decoded);
		}
		catch (RequestBodies.UnsupportedEncodingException ex) {
			counters.refused.increment(Refusal.UNSUPPORTED);
			return OtlpAnswer.plain(415, "Content-Encoding must be gzip or identity");
		}
		catch (RequestBodies.TooLargeException ex) {
			return tooLarge(counters, encoding);
		}
		catch (MalformedExportException ex) {
			counters.refused.increment(Refusal.MALFORMED);
			return OtlpAnswer.failure(400, encoding, OtlpAnswer.INVALID_ARGUMENT, ex.getMessage(), null);
		}
		if (export.isEmpty()) {
			return OtlpAnswer.success(encoding);
		}
		// the queue counts the items: received, and accepted or dropped with the reason
		OfferResult result = this.relay.queue(signal).offer(export);
		if (result == OfferResult.ACCEPTED) {
			this.onBuffered.accept(signal);
			return OtlpAnswer.success(encoding);
		}
		if (result == OfferResult.TOO_LARGE) {
			return tooLarge(counters, encoding);
		}
		counters.refused.increment(Refusal.UNAVAILABLE);
		String message = (result == OfferResult.CLOSED) ? "the extension is shutting down"
				: "the extension's buffer is full";
		return OtlpAnswer.failure(503, encoding, OtlpAnswer.UNAVAILABLE, message, RETRY_AFTER_SECONDS);
	}

	/** Answers a request whose body passed the limit while it was read (or by its Content-Length). */
	public OtlpAnswer tooLarge(OtlpSignal signal, @Nullable String contentType) {
		ReceiverCounters counters = this.relay.received(signal);
		counters.requests.increment();
		OtlpEncoding encoding = OtlpEncoding.of(contentType);
		return tooLarge(counters, (encoding != null) ? encoding : OtlpEncoding.PROTOBUF);
	}

	private OtlpAnswer tooLarge(ReceiverCounters counters, OtlpEncoding encoding) {
		counters.refused.increment(Refusal.TOO_LARGE);
		return OtlpAnswer.failure(413, encoding, OtlpAnswer.INVALID_ARGUMENT,
				"the body is larger than " + this.maxBodyBytes + " bytes (O2_OTLP_MAX_BODY_BYTES)", null);
	}

}
