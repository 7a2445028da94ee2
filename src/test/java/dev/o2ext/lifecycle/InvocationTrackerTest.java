package dev.o2ext.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.NanoClock;
import org.junit.jupiter.api.Test;

class InvocationTrackerTest {

	/** A protocol bound for waits that must end at their deadline, not a speed expectation. */
	private static final Duration SHORT = Duration.ofMillis(50);

	private final InvocationTracker tracker = new InvocationTracker();

	@Test
	void knowsTheInvocationLastBegun() {
		assertThat(this.tracker.currentRequestId()).isNull();

		this.tracker.begin("a");
		this.tracker.begin("b");

		assertThat(this.tracker.currentRequestId()).isEqualTo("b");
	}

	@Test
	void aLineBelongsToTheRequestThatHadStartedWhenItWasWritten() {
		this.tracker.started("a", 1_000);
		this.tracker.started("b", 2_000);
		this.tracker.begin("b");

		assertThat(this.tracker.requestIdAt(1_500)).isEqualTo("a");
		assertThat(this.tracker.requestIdAt(2_000)).isEqualTo("b");
		assertThat(this.tracker.requestIdAt(500)).as("before the sandbox's first start: init").isNull();
	}

	@Test
	void aNewerInvokeWhoseStartHasNotArrivedWinsOverTheLastKnownStart() {
		this.tracker.started("a", 1_000);
		this.tracker.begin("a");
		this.tracker.begin("b"); // platform.start of b is in a later batch than b's first lines

		assertThat(this.tracker.requestIdAt(3_000)).isEqualTo("b");

		this.tracker.started("b", 2_000);
		assertThat(this.tracker.requestIdAt(1_500)).isEqualTo("a");
		assertThat(this.tracker.requestIdAt(3_000)).isEqualTo("b");
	}

	@Test
	void whatALineAskedIsAskedAgainWhenAStartArrives() {
		this.tracker.started("a", 1_000);
		this.tracker.begin("b");
		assertThat(this.tracker.requestIdAt(3_000)).isEqualTo("b");

		this.tracker.started("b", 900); // b's start is known now, and a's is later
		assertThat(this.tracker.requestIdAt(3_000)).isEqualTo("a");
		assertThat(this.tracker.requestIdAt(950)).isEqualTo("b");

		this.tracker.started("c", 4_000);
		this.tracker.begin("c");
		assertThat(this.tracker.requestIdAt(3_000)).isEqualTo("a");
		assertThat(this.tracker.requestIdAt(4_000)).isEqualTo("c");
	}

	@Test
	void aSignalThatCameBeforeTheWaitIsRemembered() {
		this.tracker.runtimeDone("a");
		this.tracker.reported("a");

		assertThat(this.tracker.awaitRuntimeDone("a", in(SHORT))).isTrue();
		assertThat(this.tracker.awaitReport("a", in(SHORT))).isTrue();
	}

	@Test
	void aSignalDuringTheWaitEndsIt() throws Exception {
		CompletableFuture<Boolean> done = new CompletableFuture<>();
		Thread waiter = Thread.ofPlatform()
			.start(() -> done.complete(this.tracker.awaitRuntimeDone("a", in(Duration.ofSeconds(30)))));
		awaitParked(waiter);

		this.tracker.runtimeDone("other");
		assertThat(done).isNotDone();
		this.tracker.runtimeDone("a");

		assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void theWaitEndsAtTheDeadlineWithoutTheSignal() {
		this.tracker.runtimeDone("b");
		this.tracker.reported("b");

		assertThat(this.tracker.awaitRuntimeDone("a", in(SHORT))).isFalse();
		assertThat(this.tracker.awaitReport("a", in(SHORT))).isFalse();
	}

	@Test
	void runtimeDoneAndReportAreSeparateSignals() {
		this.tracker.runtimeDone("a");

		assertThat(this.tracker.awaitReport("a", in(Duration.ZERO))).isFalse();
	}

	@Test
	void anExpiredDeadlineStillAnswersWhatIsKnown() {
		this.tracker.runtimeDone("a");

		assertThat(this.tracker.awaitRuntimeDone("a", in(Duration.ZERO))).isTrue();
		assertThat(this.tracker.awaitRuntimeDone("b", in(Duration.ZERO))).isFalse();
	}

	@Test
	void onlyTheMostRecentSignalsAreRemembered() {
		for (int i = 0; i <= InvocationTracker.REMEMBERED; i++) {
			this.tracker.runtimeDone("r" + i);
		}

		assertThat(this.tracker.awaitRuntimeDone("r0", in(Duration.ZERO))).isFalse();
		assertThat(this.tracker.awaitRuntimeDone("r1", in(Duration.ZERO))).isTrue();
		assertThat(this.tracker.awaitRuntimeDone("r" + InvocationTracker.REMEMBERED, in(Duration.ZERO))).isTrue();
	}

	@Test
	void anInterruptedWaitReturnsFalseAndKeepsTheInterrupt() {
		Thread.currentThread().interrupt();
		try {
			assertThat(this.tracker.awaitRuntimeDone("a", in(Duration.ofSeconds(30)))).isFalse();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	private static Deadline in(Duration duration) {
		return Deadline.after(duration, NanoClock.SYSTEM);
	}

	/** Polls until the thread waits on the tracker's condition, for at most 10 s. */
	private static void awaitParked(Thread thread) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (thread.getState() != Thread.State.TIMED_WAITING) {
			assertThat(System.nanoTime() - end).as("waiter parked in time").isNegative();
			Thread.sleep(1);
		}
	}

}
