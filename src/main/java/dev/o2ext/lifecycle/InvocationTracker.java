package dev.o2ext.lifecycle;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.o2ext.shipping.Deadline;
import org.jspecify.annotations.Nullable;

/**
 * Knows the invocation in progress and which requests have reached {@code platform.runtimeDone}
 * and {@code platform.report}. The telemetry listener reports those events from its event loop;
 * the lifecycle thread waits for them, always with a deadline.
 *
 * <p>Telemetry batches are not chronological and may arrive before or after the INVOKE event,
 * so a signal for a request that has not begun yet is remembered (the last
 * {@value #REMEMBERED} request ids of each kind). For the same reason a log line is attributed
 * by its time: to the latest request whose {@code platform.start} is not later than the line,
 * and only when no such start is known, to the INVOKE last received.
 */
public final class InvocationTracker {

	static final int REMEMBERED = 64;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final LinkedHashSet<String> runtimeDone = new LinkedHashSet<>();

	private final LinkedHashSet<String> reported = new LinkedHashSet<>();

	private final TreeMap<Long, String> starts = new TreeMap<>();

	private volatile @Nullable String current;

	/** The INVOKE of this request arrived; function lines are attributed to it from now on. */
	public void begin(String requestId) {
		this.current = requestId;
	}

	/** The request id of the INVOKE last received, or {@code null} before the first one. */
	public @Nullable String currentRequestId() {
		return this.current;
	}

	/** {@code platform.start} of this request says it started at the given time (epoch µs). */
	public void started(String requestId, long epochMicros) {
		synchronized (this.starts) {
			this.starts.put(epochMicros, requestId);
			if (this.starts.size() > REMEMBERED) {
				this.starts.pollFirstEntry();
			}
		}
	}

	/**
	 * The request a line emitted at the given time belongs to: the latest known start not after
	 * it — unless that is the latest start known and the INVOKE last received is newer (its
	 * {@code platform.start} has not arrived yet) — else the INVOKE last received, else
	 * {@code null} (init).
	 */
	public @Nullable String requestIdAt(long epochMicros) {
		String invoked = this.current;
		synchronized (this.starts) {
			Map.Entry<Long, String> start = this.starts.floorEntry(epochMicros);
			if (start == null) {
				return invoked;
			}
			boolean newerInvokeWithoutStart = invoked != null && start.getKey().equals(this.starts.lastKey())
					&& !this.starts.containsValue(invoked);
			return newerInvokeWithoutStart ? invoked : start.getValue();
		}
	}

	/** {@code platform.runtimeDone} of this request arrived. */
	public void runtimeDone(String requestId) {
		signal(this.runtimeDone, requestId);
	}

	/** {@code platform.report} of this request arrived. */
	public void reported(String requestId) {
		signal(this.reported, requestId);
	}

	/** Waits until {@code platform.runtimeDone} of the request arrived, or the deadline. */
	public boolean awaitRuntimeDone(String requestId, Deadline deadline) {
		return await(this.runtimeDone, requestId, deadline);
	}

	/** Waits until {@code platform.report} of the request arrived, or the deadline. */
	public boolean awaitReport(String requestId, Deadline deadline) {
		return await(this.reported, requestId, deadline);
	}

	private void signal(LinkedHashSet<String> set, String requestId) {
		this.lock.lock();
		try {
			set.add(requestId);
			if (set.size() > REMEMBERED) {
				set.remove(set.iterator().next());
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean await(LinkedHashSet<String> set, String requestId, Deadline deadline) {
		this.lock.lock();
		try {
			while (!set.contains(requestId)) {
				long nanos = deadline.remaining().toNanos();
				if (nanos <= 0) {
					return false;
				}
				this.changed.await(nanos, TimeUnit.NANOSECONDS);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
