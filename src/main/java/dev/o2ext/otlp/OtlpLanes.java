package dev.o2ext.otlp;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import dev.o2ext.config.CircuitSettings;
import dev.o2ext.config.OpenObserveSettings;
import dev.o2ext.config.OtlpSettings;
import dev.o2ext.config.Secret;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.shipping.Circuit;
import dev.o2ext.shipping.Lane;
import dev.o2ext.shipping.NanoClock;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.OutcomeClassifier;
import dev.o2ext.shipping.RetrySchedule;
import dev.o2ext.shipping.RetryingSender;
import dev.o2ext.shipping.Sleeper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery lanes of the three signals, one each, on the relay's queues. Exports of one
 * signal and encoding are merged into requests of up to {@code O2_BATCH_MAX_BYTES} before
 * compression — many small SDK exports cost one request.
 *
 * @param traces spans to {@code v1/traces}
 * @param logs log records to {@code v1/logs}
 * @param metrics data points to {@code v1/metrics}
 */
public record OtlpLanes(Lane<Export> traces, Lane<Export> logs, Lane<Export> metrics) {

	/**
	 * The lanes with OpenObserve's OTLP sinks and the shared retry policy, each counting into its
	 * signal's lane counters, and a circuit each.
	 * @param secrets values scrubbed from every message
	 */
	public static OtlpLanes build(OtlpRelay relay, OpenObserveClient client, JsonMapper mapper,
			OpenObserveSettings openObserve, OtlpSettings otlp, RetrySchedule schedule, CircuitSettings circuit,
			Sleeper sleeper,
			DoubleSupplier random, PipelineMetrics metrics, NanoClock clock, long batchMaxBytes, List<Secret> secrets) {
		Function<OtlpSignal, Lane<Export>> lane = (signal) -> new Lane<>(signal.key(), signal.key() + " items",
				relay.queue(signal),
				new OpenObserveOtlpSink(signal, client, new OutcomeClassifier(mapper), mapper, openObserve, otlp),
				new RetryingSender(schedule, sleeper, random, relay.queue(signal).counters()),
				Circuit.of(circuit, random, relay.queue(signal).counters()), metrics, clock,
				Integer.MAX_VALUE, batchMaxBytes, openObserve.requestTimeout(), secrets);
		return new OtlpLanes(lane.apply(OtlpSignal.TRACES), lane.apply(OtlpSignal.LOGS), lane.apply(OtlpSignal.METRICS));
	}

	public Lane<Export> of(OtlpSignal signal) {
		return switch (signal) {
			case TRACES -> this.traces;
			case LOGS -> this.logs;
			case METRICS -> this.metrics;
		};
	}

}
