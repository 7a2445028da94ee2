package dev.o2ext.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.metrics.FlushTrigger;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.FlushResult;
import dev.o2ext.shipping.Flushable;
import dev.o2ext.shipping.NanoClock;
import org.junit.jupiter.api.Test;

class FlushCoordinatorTest {

	private final ByteBudget budget = new ByteBudget(1000);

	private final RecordingFlushable logs = new RecordingFlushable(new FlushResult(3, true));

	private final RecordingFlushable traces = new RecordingFlushable(new FlushResult(2, false));

	@Test
	void flushNowFlushesEveryFlushableOnTheFlushThreadAndSumsTheResults() {
		FlushCoordinator coordinator = coordinator(Duration.ZERO);
		Deadline deadline = in(Duration.ofSeconds(5));

		FlushResult result = coordinator.flushNow(FlushTrigger.SHUTDOWN, deadline);

		assertThat(result).isEqualTo(new FlushResult(5, false));
		assertThat(this.logs.triggers).containsExactly(FlushTrigger.SHUTDOWN);
		assertThat(this.traces.triggers).containsExactly(FlushTrigger.SHUTDOWN);
		assertThat(this.logs.threads).containsExactly("o2-flush");
		assertThat(this.logs.limits).containsExactly(deadline);
	}

	@Test
	void flushAndPauseCapsEveryFlushableAtNowAfterwards() {
		FlushCoordinator coordinator = coordinator(Duration.ZERO);
		coordinator.beginInvocation(in(Duration.ofMinutes(1)));

		coordinator.flushAndPause(FlushTrigger.END_OF_INVOCATION, in(Duration.ofSeconds(2)));

		assertThat(this.logs.limits).hasSize(3);
		assertThat(this.logs.limits.get(2).isExpired()).isTrue();
		assertThat(this.traces.limits.get(2).isExpired()).isTrue();
	}

	@Test
	void aFlushThatOutlivesItsDeadlineIsLeftBehind() {
		CountDownLatch release = new CountDownLatch(1);
		RecordingFlushable stuck = new RecordingFlushable(new FlushResult(1, true)) {
			@Override
			public FlushResult flush(FlushTrigger trigger, Deadline deadline) {
				super.flush(trigger, deadline);
				await(release);
				return new FlushResult(1, true);
			}
		};
		FlushCoordinator coordinator = new FlushCoordinator(List.of(stuck), this.budget, NanoClock.SYSTEM, 500,
				Duration.ZERO, Duration.ofSeconds(1));
		try {
			assertThat(coordinator.flushNow(FlushTrigger.SHUTDOWN, in(Duration.ofMillis(50))))
				.isEqualTo(new FlushResult(0, false));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void passingTheThresholdDuringAnInvocationStartsAContinuousFlush() throws InterruptedException {
		FlushCoordinator coordinator = coordinator(Duration.ZERO);
		this.logs.queued = true;
		coordinator.beginInvocation(in(Duration.ofMinutes(1)));
		this.budget.tryReserve(500);

		coordinator.onBuffered();

		assertThat(this.logs.flushed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.logs.triggers).containsExactly(FlushTrigger.CONTINUOUS);
	}

	@Test
	void linesBufferedPastTheThresholdBeforeTheInvokeStartAContinuousFlushWhenItBegins() throws InterruptedException {
		// the function's first lines can reach the listener before the loop has handled INVOKE; no
		// later batch may come to call onBuffered again (the buffer is full), so the begin must look
		FlushCoordinator coordinator = coordinator(Duration.ZERO);
		this.logs.queued = true;
		this.budget.tryReserve(500);
		coordinator.onBuffered(); // no invocation active yet: nothing starts

		coordinator.beginInvocation(in(Duration.ofMinutes(1)));

		assertThat(this.logs.flushed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.logs.triggers).containsExactly(FlushTrigger.CONTINUOUS);
	}

	@Test
	void belowTheThresholdOrBetweenInvocationsNothingStarts() {
		FlushCoordinator coordinator = coordinator(Duration.ZERO);
		this.logs.queued = true;
		this.budget.tryReserve(500);
		coordinator.onBuffered(); // no invocation active

		this.budget.release(1);
		coordinator.beginInvocation(in(Duration.ofMinutes(1)));
		coordinator.onBuffered(); // one byte below the threshold

		// the flush thread runs tasks in order: a background flush would have run before this one
		coordinator.flushNow(FlushTrigger.INIT, in(Duration.ofSeconds(5)));
		assertThat(this.logs.triggers).containsExactly(FlushTrigger.INIT);
	}

	@Test
	void flushSoonFlushesOnlyThatFlushableAndOnlyDuringAnInvocation() {
		FlushCoordinator coordinator = coordinator(Duration.ZERO);
		this.logs.queued = true;
		this.traces.queued = true;
		coordinator.flushSoon(this.traces); // no invocation active: nothing

		coordinator.beginInvocation(in(Duration.ofMinutes(1)));
		coordinator.flushSoon(this.traces);
		coordinator.flushNow(FlushTrigger.END_OF_INVOCATION, in(Duration.ofSeconds(5)));

		assertThat(this.traces.triggers).containsExactly(FlushTrigger.CONTINUOUS, FlushTrigger.END_OF_INVOCATION);
		assertThat(this.logs.triggers).containsExactly(FlushTrigger.END_OF_INVOCATION);
	}

	@Test
	void thePeriodicFlushRunsDuringAnInvocation() throws InterruptedException {
		FlushCoordinator coordinator = coordinator(Duration.ofMillis(20));
		this.logs.queued = true;
		try {
			coordinator.beginInvocation(in(Duration.ofMinutes(1)));

			assertThat(this.logs.flushed.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(this.logs.triggers).first().isEqualTo(FlushTrigger.PERIODIC);
		}
		finally {
			coordinator.stopBackground();
		}
	}

	@Test
	void hasQueuedAndCloseReachEveryFlushable() {
		FlushCoordinator coordinator = coordinator(Duration.ZERO);
		assertThat(coordinator.hasQueued()).isFalse();
		this.traces.queued = true;
		assertThat(coordinator.hasQueued()).isTrue();

		coordinator.closeAtShutdown();

		assertThat(this.logs.closed).isEqualTo(1);
		assertThat(this.traces.closed).isEqualTo(1);
	}

	private FlushCoordinator coordinator(Duration interval) {
		return new FlushCoordinator(List.of(this.logs, this.traces), this.budget, NanoClock.SYSTEM, 500, interval,
				Duration.ofSeconds(1));
	}

	private static Deadline in(Duration duration) {
		return Deadline.after(duration, NanoClock.SYSTEM);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Records what the coordinator asks of it and answers a fixed result. */
	private static class RecordingFlushable implements Flushable {

		final List<FlushTrigger> triggers = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		final List<Deadline> limits = new CopyOnWriteArrayList<>();

		final CountDownLatch flushed = new CountDownLatch(1);

		final FlushResult result;

		volatile boolean queued;

		volatile int closed;

		RecordingFlushable(FlushResult result) {
			this.result = result;
		}

		@Override
		public FlushResult flush(FlushTrigger trigger, Deadline deadline) {
			this.triggers.add(trigger);
			this.threads.add(Thread.currentThread().getName());
			this.flushed.countDown();
			return this.result;
		}

		@Override
		public void limitTo(Deadline deadline) {
			this.limits.add(deadline);
		}

		@Override
		public boolean hasQueued() {
			return this.queued;
		}

		@Override
		public void closeAtShutdown() {
			this.closed++;
		}

	}

}
