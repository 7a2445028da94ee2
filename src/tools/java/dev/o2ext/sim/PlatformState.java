package dev.o2ext.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The platform's view of the sandbox: the phase, the registered extensions and their next calls,
 * and the errors they reported. One monitor guards it all; the HTTP handlers change it, the
 * simulator's control thread waits on it (every wait has a deadline).
 */
final class PlatformState {

    /** Lifecycle phases as far as the Extensions API cares. */
    enum Phase { INIT, READY, SHUTDOWN, CLOSED }

    /** Result of a registration attempt: the extension, or the platform's error answer. */
    record Registration(@Nullable RegisteredExtension extension, String errorType, String message) {
    }

    private static final int MAX_EXTENSIONS = 10;

    private final List<LongConsumer> nextListeners = new CopyOnWriteArrayList<>();

    private final int expectedExtensions;
    private final Map<String, RegisteredExtension> byId = new LinkedHashMap<>();
    private final List<ErrorReport> errors = new ArrayList<>();
    private Phase phase = Phase.INIT;
    private int launched;
    private @Nullable ErrorReport initFailure;
    private long initDoneNanos;
    private @Nullable RuntimeSlot runtime;

    PlatformState(int expectedExtensions) {
        this.expectedExtensions = expectedExtensions;
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized void processLaunched() {
        launched++;
    }

    /** Extensions launched and registered so far; the runtime starts once they are equal. */
    synchronized boolean allLaunchedRegistered() {
        return byId.size() >= launched;
    }

    /** A function process will speak the Runtime API; Init now also waits for its first next call. */
    synchronized RuntimeSlot expectRuntime() {
        if (runtime == null) {
            runtime = new RuntimeSlot();
        }
        return runtime;
    }

    synchronized @Nullable RuntimeSlot runtime() {
        return runtime;
    }

    synchronized void runtimeNextCalled() {
        if (runtime != null) {
            runtime.nextCalls++;
            completeInitIfReady(System.nanoTime());
            notifyAll();
        }
    }

    /** Records the runtime's answer to a pending invocation; false when none with that id is pending. */
    synchronized boolean runtimeAnswered(String requestId, RuntimeSlot.Answer answer) {
        if (runtime == null || !runtime.answers.containsKey(requestId) || runtime.answers.get(requestId) != null) {
            return false;
        }
        runtime.answers.put(requestId, answer);
        notifyAll();
        return true;
    }

    /** Hands an invocation to the runtime and marks it pending. */
    synchronized void queueRuntime(RuntimeSlot.Invocation invocation) {
        if (runtime != null) {
            runtime.answers.put(invocation.requestId(), null);
            runtime.queue.add(invocation);
        }
    }

    synchronized RuntimeSlot.@Nullable Answer runtimeAnswer(String requestId) {
        return runtime == null ? null : runtime.answers.get(requestId);
    }

    synchronized Registration register(String name, List<String> events, String registeredBy) {
        if (phase != Phase.INIT) {
            return refused("Extension.RegistrationClosed", "Extension registration closed already");
        }
        if (byId.values().stream().anyMatch(e -> e.name.equals(name))) {
            return refused("Extension.InvalidExtensionState", "Extension " + name + " is already registered");
        }
        if (byId.size() >= MAX_EXTENSIONS) {
            return refused("Extension.TooManyExtensions", "Too many extensions registered");
        }
        RegisteredExtension extension = new RegisteredExtension(UUID.randomUUID().toString(), name, events, registeredBy,
                System.nanoTime());
        byId.put(extension.id, extension);
        notifyAll();
        return new Registration(extension, "", "");
    }

    synchronized @Nullable RegisteredExtension find(String id) {
        return byId.get(id);
    }

    synchronized List<RegisteredExtension> extensions() {
        return List.copyOf(byId.values());
    }

    /** Called with the time of each next call as it arrives, before it counts (see {@link LambdaSimulator#onNextCall}). */
    void onNext(LongConsumer listener) {
        nextListeners.add(listener);
    }

    /** Counts a next call; ends Init when it was the last thing Init waited for. */
    synchronized boolean nextCalled(RegisteredExtension extension) {
        long now = System.nanoTime();
        extension.nextCalls++;
        extension.lastNextNanos = now;
        nextListeners.forEach(listener -> listener.accept(now));
        boolean first = extension.firstNextNanos == 0;
        if (first) {
            extension.firstNextNanos = now;
        }
        completeInitIfReady(now);
        notifyAll();
        return first;
    }

    /** Counts an event handed to the extension's queue and returns its number. */
    synchronized int queued(RegisteredExtension extension, byte[] event) {
        extension.queue.add(event);
        return ++extension.queued;
    }

    synchronized void dispatched(RegisteredExtension extension) {
        extension.dispatched++;
        notifyAll();
    }

    synchronized void reportError(ErrorReport error, @Nullable RegisteredExtension extension) {
        errors.add(error);
        if (extension != null) {
            extension.errored = true;
        }
        if (phase == Phase.INIT && initFailure == null && error.kind() != ErrorReport.Kind.EXIT_ERROR) {
            initFailure = error;
        }
        notifyAll();
    }

    synchronized List<ErrorReport> errors() {
        return List.copyOf(errors);
    }

    synchronized @Nullable ErrorReport initFailure() {
        return initFailure;
    }

    synchronized long initDoneNanos() {
        return initDoneNanos;
    }

    /** Moves to the next phase unless the simulator already went further; false if it had. */
    synchronized boolean advanceTo(Phase next) {
        if (phase.compareTo(next) >= 0) {
            return false;
        }
        phase = next;
        notifyAll();
        return true;
    }

    /** Waits until the condition holds or the deadline passes; returns whether it holds. */
    synchronized boolean await(Predicate<PlatformState> condition, long deadlineNanos) throws InterruptedException {
        while (!condition.test(this)) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void completeInitIfReady(long now) {
        int expected = Math.max(1, Math.max(expectedExtensions, launched));
        boolean extensionsReady = byId.size() >= expected && byId.values().stream().allMatch(e -> e.nextCalls >= 1);
        boolean runtimeReady = runtime == null || runtime.nextCalls >= 1;
        if (phase == Phase.INIT && initFailure == null && extensionsReady && runtimeReady) {
            phase = Phase.READY;
            initDoneNanos = now;
        }
    }

    private static Registration refused(String errorType, String message) {
        return new Registration(null, errorType, message);
    }
}
