package dev.o2ext.sim;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One registration with the Extensions API. The counters are guarded by the owning
 * {@link PlatformState}'s monitor; the event queue is thread-safe on its own. Event number k is
 * the answer to next call number k, so the extension is done with event k once it made call k + 1.
 */
final class RegisteredExtension {

    /** Put into the queue to release a blocked next call when the simulator closes. */
    static final byte[] CLOSED = new byte[0];

    final String id;
    final String name;
    final List<String> events;
    final String registeredBy;
    final long registerNanos;
    final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

    int queued;
    int dispatched;
    int nextCalls;
    long firstNextNanos;
    long lastNextNanos;
    boolean errored;

    RegisteredExtension(String id, String name, List<String> events, String registeredBy, long registerNanos) {
        this.id = id;
        this.name = name;
        this.events = List.copyOf(events);
        this.registeredBy = registeredBy;
        this.registerNanos = registerNanos;
    }

    boolean wants(String eventType) {
        return events.contains(eventType);
    }
}
