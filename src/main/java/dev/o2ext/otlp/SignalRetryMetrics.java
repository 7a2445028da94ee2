package dev.o2ext.otlp;

import java.time.Duration;

import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FailureKind;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.PipelineMetrics;

/**
 * What a {@link dev.o2ext.shipping.RetryingSender} reports, routed to one signal's counters
 * (retries) and to the pipeline's last error. The log counters are not touched: OTLP items
 * have counters of their own, which the forwarder keeps itself.
 */
final class SignalRetryMetrics implements PipelineMetrics {

	private final SignalCounters counters;

	private final PipelineMetrics pipeline;

	SignalRetryMetrics(SignalCounters counters, PipelineMetrics pipeline) {
		this.counters = counters;
		this.pipeline = pipeline;
	}

	@Override
	public void retried() {
		this.counters.retries.increment();
	}

	@Override
	public void attemptFailed(FailureKind kind) {
		this.counters.attemptFailed(kind);
	}

	@Override
	public void error(String description) {
		this.pipeline.error(description);
	}

	@Override
	public void received(long records) {
		// counted by the receiver
	}

	@Override
	public void accepted(long records) {
		// counted by the receiver
	}

	@Override
	public void shipped(long records) {
		// counted by the forwarder
	}

	@Override
	public void dropped(DropReason reason, long records) {
		// counted by the forwarder
	}

	@Override
	public void unparsableBatch() {
		// Telemetry API only
	}

	@Override
	public void flushed(FlushTrigger trigger, Duration took) {
		// the log shipper times the flushes
	}

	@Override
	public void invocation() {
		// the lifecycle counts invocations
	}

}
