package dev.o2ext.shipping;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.o2ext.buffer.Batch;

/**
 * A {@link Shipper.Sink} that records every batch it is given (as text) and the timeout, and
 * answers what the script says. It also tracks how many sends overlap.
 */
final class RecordingSink implements Shipper.Sink {

	private final List<List<String>> batches = new CopyOnWriteArrayList<>();

	private final List<Duration> timeouts = new CopyOnWriteArrayList<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger maxRunning = new AtomicInteger();

	private final Duration requestTimeout;

	private volatile Function<List<String>, Outcome> script;

	RecordingSink(Function<List<String>, Outcome> script) {
		this(script, Duration.ofSeconds(30));
	}

	RecordingSink(Function<List<String>, Outcome> script, Duration requestTimeout) {
		this.script = script;
		this.requestTimeout = requestTimeout;
	}

	/** A sink where OpenObserve stores everything. */
	static RecordingSink storingAll() {
		return new RecordingSink((records) -> new Outcome.Accepted(records.size(), 0, null));
	}

	void answer(Function<List<String>, Outcome> script) {
		this.script = script;
	}

	@Override
	public Outcome send(Batch batch, Duration timeout) {
		int now = this.running.incrementAndGet();
		this.maxRunning.accumulateAndGet(now, Math::max);
		try {
			List<String> records = batch.records().stream().map((r) -> new String(r, StandardCharsets.UTF_8)).toList();
			this.batches.add(records);
			this.timeouts.add(timeout);
			return this.script.apply(records);
		}
		finally {
			this.running.decrementAndGet();
		}
	}

	@Override
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	List<List<String>> batches() {
		return List.copyOf(this.batches);
	}

	List<Integer> batchSizes() {
		return this.batches.stream().map(List::size).toList();
	}

	List<Duration> timeouts() {
		return List.copyOf(this.timeouts);
	}

	int maxConcurrentSends() {
		return this.maxRunning.get();
	}

}
