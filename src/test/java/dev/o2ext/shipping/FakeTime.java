package dev.o2ext.shipping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonic clock that only moves when something sleeps on it: the {@link Sleeper} records
 * every wait and advances the clock by it, so retry tests run in no real time.
 */
final class FakeTime implements NanoClock, Sleeper {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final List<Duration> sleeps = new ArrayList<>();

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	@Override
	public synchronized void sleep(Duration duration) {
		this.sleeps.add(duration);
		advance(duration);
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	synchronized List<Duration> sleeps() {
		return List.copyOf(this.sleeps);
	}

	Deadline in(Duration duration) {
		return Deadline.after(duration, this);
	}

}
