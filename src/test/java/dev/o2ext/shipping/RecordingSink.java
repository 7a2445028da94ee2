package dev.o2ext.shipping;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.o2ext.buffer.Batch;
import reactor.core.publisher.Mono;

/**
 * A {@link Sink} of log records that records every batch it is given (as text), the timeout
 * and how often it encoded, and answers what the script says, at once (the request "happens" when
 * the lane subscribes). It also tracks how many sends overlap.
 */
final class RecordingSink implements Sink<byte[]> {

	private final AtomicInteger encoded = new AtomicInteger();

	private final List<List<String>> batches = new CopyOnWriteArrayList<>();

	private final List<Duration> timeouts = new CopyOnWriteArrayList<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger maxRunning = new AtomicInteger();

	private final Duration requestTimeout;

	private volatile Function<List<String>, Outcome> script;

	private volatile Runnable afterAnswer = () -> {
	};

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

	/** Runs after each answer has reached the lane. */
	void afterAnswer(Runnable hook) {
		this.afterAnswer = hook;
	}

	void answer(Function<List<String>, Outcome> script) {
		this.script = script;
	}

	@Override
	public byte[] encode(Batch<byte[]> batch) {
		this.encoded.incrementAndGet();
		return BatchEncoder.gzipJsonArray(batch.entries());
	}

	@Override
	public Mono<Outcome> send(Batch<byte[]> batch, byte[] body, Duration timeout) {
		return Mono.fromSupplier(() -> answer(batch, timeout)).doAfterTerminate(() -> this.afterAnswer.run());
	}

	private Outcome answer(Batch<byte[]> batch, Duration timeout) {
		int now = this.running.incrementAndGet();
		this.maxRunning.accumulateAndGet(now, Math::max);
		try {
			List<String> records = batch.entries().stream().map((r) -> new String(r, StandardCharsets.UTF_8)).toList();
			this.batches.add(records);
			this.timeouts.add(timeout);
			return this.script.apply(records);
		}
		finally {
			this.running.decrementAndGet();
		}
	}

	/** Batches encoded: once per batch, whatever its attempts. */
	int encodings() {
		return this.encoded.get();
	}

	Duration requestTimeout() {
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
