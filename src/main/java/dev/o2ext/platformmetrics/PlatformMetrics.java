package dev.o2ext.platformmetrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.OfferResult;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.LaneCounters;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.otlp.OtlpSignal;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.Flushable;
import dev.o2ext.shipping.NanoClock;
import tools.jackson.databind.JsonNode;

/**
 * Collects platform metric points as Telemetry API events arrive ({@link #onEvent}, on the
 * listener's event loop: derive and append, no I/O) and at SHUTDOWN ({@link #onShutdown}); at
 * every flush point, before the OpenTelemetry lanes, it encodes what was collected, plus the
 * extension's own delivery counters when the interval has passed (and always at SHUTDOWN), and
 * queues it on the relay's metrics queue, which the metrics lane then sends with the same budget,
 * retries and outage handling as the function's own metrics. When the shared byte budget is
 * full the points stay here for the next flush (the counters' cumulative values lose nothing). At most {@link #MAX_PENDING} points
 * wait; more are counted in {@code o2.extension.metrics.points_dropped} and not kept. The same
 * flush points feed {@link DropWarnings}, also when platform metrics are switched off.
 */
public final class PlatformMetrics implements Flushable {

	/** The most points that wait for a flush (about 300 invocations). */
	static final int MAX_PENDING = 4096;

	/** The most points in one export. */
	static final int MAX_POINTS_PER_EXPORT = 512;

	private static final String OWN = "o2.extension.";

	private final PlatformMetricsSettings settings;

	private final PlatformMetricDeriver deriver = new PlatformMetricDeriver();

	private final OtlpMetricsEncoder encoder;

	private final OtlpRelay relay;

	private final InMemoryPipelineMetrics pipeline;

	private final ByteBudget budget;

	private final DropWarnings warnings;

	private final Clock clock;

	private final NanoClock nanos;

	private final long startNanos;

	private final List<MetricPoint> pending = new ArrayList<>();

	private final LongAdder pointsDropped = new LongAdder();

	private final LongAdder exportsRefused = new LongAdder();

	private final DoubleAdder postRuntimeMs = new DoubleAdder();

	private final LongAdder logsDroppedRecords = new LongAdder();

	private final LongAdder logsDroppedBytes = new LongAdder();

	private final AtomicLong countersAt = new AtomicLong(Long.MIN_VALUE);

	public PlatformMetrics(PlatformMetricsSettings settings, OtlpMetricsEncoder encoder, OtlpRelay relay,
			InMemoryPipelineMetrics pipeline, ByteBudget budget, DropWarnings warnings, Clock clock, NanoClock nanos) {
		this.settings = settings;
		this.encoder = encoder;
		this.relay = relay;
		this.pipeline = pipeline;
		this.budget = budget;
		this.warnings = warnings;
		this.clock = clock;
		this.nanos = nanos;
		this.startNanos = epochNanos(clock.instant());
	}

	/** A Telemetry API event; platform events become points, everything else is ignored at once. */
	public void onEvent(String type, JsonNode record, long epochMicros) {
		if (!this.settings.enabled() || !type.startsWith("platform.")) {
			return;
		}
		List<MetricPoint> points = this.deriver.derive(type, record, epochMicros);
		for (MetricPoint point : points) {
			if (point.name().endsWith("post_runtime_duration")) {
				this.postRuntimeMs.add(point.value());
			}
			else if (point.name().endsWith("logs_dropped.records")) {
				this.logsDroppedRecords.add((long) point.value());
			}
			else if (point.name().endsWith("logs_dropped.bytes")) {
				this.logsDroppedBytes.add((long) point.value());
			}
		}
		add(points);
	}

	/** SHUTDOWN's reason, before the shutdown's flush. */
	public void onShutdown(String reason) {
		if (this.settings.enabled()) {
			add(this.deriver.shutdown(reason, epochNanos(this.clock.instant())));
		}
	}

	private void add(List<MetricPoint> points) {
		synchronized (this.pending) {
			int room = MAX_PENDING - this.pending.size();
			if (points.size() > room) {
				this.pointsDropped.add(points.size() - Math.max(room, 0));
				points = points.subList(0, Math.max(room, 0));
			}
			this.pending.addAll(points);
		}
	}

	@Override
	public FlushResult flush(FlushTrigger trigger, Deadline deadline) {
		long now = this.nanos.nanoTime();
		InMemoryPipelineMetrics.Snapshot snapshot = this.pipeline.snapshot();
		this.warnings.check(snapshot.logs().dropped(), now);
		if (!this.settings.enabled()) {
			return new FlushResult(0, true);
		}
		List<MetricPoint> points;
		synchronized (this.pending) {
			points = new ArrayList<>(this.pending);
			this.pending.clear();
		}
		long last = this.countersAt.get();
		if (trigger == FlushTrigger.SHUTDOWN || last == Long.MIN_VALUE
				|| now - last >= this.settings.interval().toNanos()) {
			this.countersAt.set(now);
			points.addAll(counters(snapshot));
		}
		for (int from = 0; from < points.size(); from += MAX_POINTS_PER_EXPORT) {
			List<MetricPoint> chunk = points.subList(from, Math.min(points.size(), from + MAX_POINTS_PER_EXPORT));
			OfferResult result = this.relay.offerOwn(OtlpSignal.METRICS, this.encoder.encode(chunk), chunk.size());
			if (result == OfferResult.FULL && trigger != FlushTrigger.SHUTDOWN) {
				// the shared budget is full (a log burst, an outage): keep the points for the next flush
				this.exportsRefused.increment();
				keep(points.subList(from, points.size()));
				break;
			}
			if (result != OfferResult.ACCEPTED) {
				this.exportsRefused.increment();
			}
		}
		return new FlushResult(0, true);
	}

	/** Puts refused points back in front of newer ones, within {@link #MAX_PENDING}. */
	private void keep(List<MetricPoint> refused) {
		synchronized (this.pending) {
			List<MetricPoint> newer = new ArrayList<>(this.pending);
			this.pending.clear();
			add(refused);
			add(newer);
		}
	}

	/** The delivery counters since the extension started (cumulative sums) and the gauges of now. */
	List<MetricPoint> counters(InMemoryPipelineMetrics.Snapshot snapshot) {
		LaneCounters.Snapshot logs = snapshot.logs();
		long time = epochNanos(this.clock.instant());
		List<MetricPoint> points = new ArrayList<>(24);
		sum(points, "records.received", "1", logs.received(), time, Map.of());
		sum(points, "records.accepted", "1", logs.accepted(), time, Map.of());
		sum(points, "records.shipped", "1", logs.shipped(), time, Map.of());
		for (DropReason reason : DropReason.values()) {
			sum(points, "records.dropped", "1", logs.dropped().getOrDefault(reason, 0L), time,
					Map.of("reason", reason.name().toLowerCase(Locale.ROOT)));
		}
		sum(points, "records.rejected", "1", logs.dropped().getOrDefault(DropReason.REJECTED_BY_SERVER, 0L)
				+ logs.dropped().getOrDefault(DropReason.REJECTED_FINAL_STATUS, 0L), time, Map.of());
		// left out or blanked on purpose: only once the user's settings did it, so others pay no points
		snapshot.discarded().forEach((reason, count) -> {
			if (count > 0) {
				sum(points, "records.discarded", "1", count, time, Map.of("reason", reason.key()));
			}
		});
		snapshot.redacted().forEach((preset, count) -> {
			if (count > 0) {
				sum(points, "values.redacted", "1", count, time, Map.of("preset", preset.key()));
			}
		});
		sum(points, "retries", "1", logs.retries(), time, Map.of());
		sum(points, "invocations", "1", snapshot.invocations(), time, Map.of());
		long flushes = logs.flushes().values().stream().mapToLong(Long::longValue).sum();
		sum(points, "flushes", "1", flushes, time, Map.of());
		sum(points, "post_runtime.duration", "ms", Math.round(this.postRuntimeMs.sum()), time, Map.of());
		sum(points, "platform_logs_dropped.records", "1", this.logsDroppedRecords.sum(), time, Map.of());
		sum(points, "platform_logs_dropped.bytes", "By", this.logsDroppedBytes.sum(), time, Map.of());
		sum(points, "metrics.points_dropped", "1", this.pointsDropped.sum(), time, Map.of());
		sum(points, "metrics.exports_refused", "1", this.exportsRefused.sum(), time, Map.of());
		gauge(points, "buffer.high_water", "By", this.budget.highWater(), time, Map.of());
		gauge(points, "buffer.capacity", "By", this.budget.capacity(), time, Map.of());
		LaneCounters.Latencies latency = logs.flushLatency();
		if (latency.window() > 0) {
			gauge(points, "flush.duration", "ms", latency.p50Micros() / 1000.0, time, Map.of("quantile", "0.5"));
			gauge(points, "flush.duration", "ms", latency.p99Micros() / 1000.0, time, Map.of("quantile", "0.99"));
			gauge(points, "flush.duration", "ms", latency.maxMicros() / 1000.0, time, Map.of("quantile", "1"));
		}
		return points;
	}

	private void sum(List<MetricPoint> points, String name, String unit, long value, long time,
			Map<String, Object> attributes) {
		points.add(new MetricPoint(OWN + name, unit, MetricPoint.Kind.CUMULATIVE, value, this.startNanos, time,
				new LinkedHashMap<>(attributes)));
	}

	private static void gauge(List<MetricPoint> points, String name, String unit, double value, long time,
			Map<String, Object> attributes) {
		points.add(new MetricPoint(OWN + name, unit, MetricPoint.Kind.GAUGE, value, 0, time, attributes));
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	@Override
	public void limitTo(Deadline deadline) {
		// hands its export to the relay at once; nothing to bound
	}

	@Override
	public boolean hasQueued() {
		synchronized (this.pending) {
			return !this.pending.isEmpty();
		}
	}

	@Override
	public void closeAtShutdown() {
		synchronized (this.pending) {
			this.pointsDropped.add(this.pending.size());
			this.pending.clear();
		}
	}

}
