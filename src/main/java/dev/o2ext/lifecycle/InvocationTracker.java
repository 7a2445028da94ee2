package dev.o2ext.lifecycle;

import java.util.LinkedHashMap;
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
 * and only when no such start is known, to the INVOKE last received — except that a line from
 * before the first invocation's start, or not later than {@code platform.initRuntimeDone}, belongs
 * to no request (init).
 *
 * <p>It also keeps what INVOKE and {@code platform.start} say about each of the last
 * {@value #REMEMBERED} requests ({@link Invocation}: trace header, invoked ARN, cold start).
 */
public final class InvocationTracker {

	static final int REMEMBERED = 64;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final LinkedHashSet<String> runtimeDone = new LinkedHashSet<>();

	private final LinkedHashSet<String> reported = new LinkedHashSet<>();

	private final TreeMap<Long, String> starts = new TreeMap<>();

	/**
	 * What {@link #requestIdAt} would otherwise ask of {@link #starts} for every line by a scan,
	 * kept until a start changes it: whether the INVOKE {@link #startOf} names has a start.
	 */
	private @Nullable String startOf;

	private boolean hasStart;

	private final Map<String, Invocation> invocations = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Invocation> eldest) {
			return size() > REMEMBERED;
		}

	};

	private volatile @Nullable String current;

	/** The first request of this sandbox (its cold start), from INVOKE or {@code platform.start}. */
	private volatile @Nullable String first;

	/** Time of the first {@code platform.start} (epoch µs); lines before it belong to init. */
	private volatile long firstStartMicros = Long.MAX_VALUE;

	/** Time of {@code platform.initRuntimeDone} (epoch µs); lines not later belong to init. */
	private volatile long initDoneMicros = Long.MIN_VALUE;

	/** The INVOKE of this request arrived; function lines are attributed to it from now on. */
	public void begin(String requestId) {
		begin(requestId, null, null);
	}

	/**
	 * The INVOKE of this request arrived; function lines are attributed to it from now on.
	 * @param invokedArn the ARN invoked, or {@code null}
	 * @param traceHeader its X-Ray trace header, or {@code null}
	 */
	public void begin(String requestId, @Nullable String invokedArn, @Nullable String traceHeader) {
		learn(requestId, invokedArn, traceHeader);
		this.current = requestId;
	}

	/** {@code platform.initRuntimeDone} (or {@code initReport}) at this time: earlier lines belong to init. */
	public void initDone(long epochMicros) {
		if (epochMicros > this.initDoneMicros) {
			this.initDoneMicros = epochMicros;
		}
	}

	/** What INVOKE and {@code platform.start} said about this request, or {@code null} when neither is known. */
	public @Nullable Invocation invocation(String requestId) {
		synchronized (this.invocations) {
			return this.invocations.get(requestId);
		}
	}

	private void learn(String requestId, @Nullable String arn, @Nullable String traceHeader) {
		synchronized (this.invocations) {
			if (this.first == null) {
				this.first = requestId;
			}
			Invocation known = this.invocations.get(requestId);
			this.invocations.put(requestId, new Invocation(requestId,
					(known != null && known.invokedArn() != null) ? known.invokedArn() : arn,
					(known != null && known.traceHeader() != null) ? known.traceHeader() : traceHeader,
					requestId.equals(this.first)));
		}
	}

	/** The request id of the INVOKE last received, or {@code null} before the first one. */
	public @Nullable String currentRequestId() {
		return this.current;
	}

	/** {@code platform.start} of this request says it started at the given time (epoch µs). */
	public void started(String requestId, long epochMicros) {
		started(requestId, epochMicros, null);
	}

	/**
	 * {@code platform.start} of this request says it started at the given time (epoch µs).
	 * @param traceHeader its {@code tracing.value}, or {@code null}
	 */
	public void started(String requestId, long epochMicros, @Nullable String traceHeader) {
		learn(requestId, null, traceHeader);
		if (epochMicros < this.firstStartMicros) {
			this.firstStartMicros = epochMicros;
		}
		synchronized (this.starts) {
			this.starts.put(epochMicros, requestId);
			if (this.starts.size() > REMEMBERED) {
				this.starts.pollFirstEntry();
			}
			this.startOf = null;
		}
	}

	/**
	 * The request a line emitted at the given time belongs to: the latest known start not after
	 * it — unless that is the latest start known and the INVOKE last received is newer (its
	 * {@code platform.start} has not arrived yet) — else the INVOKE last received, else
	 * {@code null} (init). A line before the first start, or not later than the end of the
	 * runtime's init, is init's: {@code null}.
	 */
	public @Nullable String requestIdAt(long epochMicros) {
		if (epochMicros <= this.initDoneMicros || epochMicros < this.firstStartMicros && this.firstStartMicros != Long.MAX_VALUE) {
			return null;
		}
		String invoked = this.current;
		synchronized (this.starts) {
			Map.Entry<Long, String> latest = this.starts.lastEntry();
			if (latest == null) {
				return invoked;
			}
			if (epochMicros < latest.getKey()) {
				Map.Entry<Long, String> start = this.starts.floorEntry(epochMicros);
				return (start != null) ? start.getValue() : invoked;
			}
			return (invoked != null && !hasStart(invoked)) ? invoked : latest.getValue();
		}
	}

	/** Whether a remembered start is the request's: asked once per INVOKE and start, not per line. */
	private boolean hasStart(String requestId) {
		if (!requestId.equals(this.startOf)) {
			this.hasStart = this.starts.containsValue(requestId);
			this.startOf = requestId;
		}
		return this.hasStart;
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

	/**
	 * What is known about one request.
	 * @param requestId the request id
	 * @param invokedArn the ARN INVOKE named, or {@code null}
	 * @param traceHeader the X-Ray trace header of INVOKE or {@code platform.start}, or {@code null}
	 * @param coldStart whether it is the sandbox's first request
	 */
	public record Invocation(String requestId, @Nullable String invokedArn, @Nullable String traceHeader,
			boolean coldStart) {
	}

}
