package dev.o2ext.otlp;

/**
 * One request to OpenObserve's OTLP endpoint: a merged, gzip-compressed export request.
 *
 * @param signal which endpoint
 * @param encoding the body's encoding (its content type)
 * @param gzippedBody the body, compressed once for every attempt
 * @param exports SDK exports merged into it
 * @param items spans, log records or data points in it
 */
public record ForwardRequest(OtlpSignal signal, OtlpEncoding encoding, byte[] gzippedBody, int exports, int items) {
}
