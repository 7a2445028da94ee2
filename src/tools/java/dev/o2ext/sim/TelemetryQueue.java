package dev.o2ext.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform-side buffer of one subscriber: events wait here until a batch is due by the
 * subscription's {@link Buffering} (item count, bytes, or the age of the oldest event).
 * Unbounded on purpose: the simulator must not lose what a test asserts on.
 */
final class TelemetryQueue {

    private record Item(byte[] json, long enqueuedNanos) {
    }

    private final Buffering buffering;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private long bytes;
    private boolean closed;

    TelemetryQueue(Buffering buffering) {
        this.buffering = buffering;
    }

    synchronized void add(byte[] json) {
        items.add(new Item(json, System.nanoTime()));
        bytes += json.length;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized int size() {
        return items.size();
    }

    /** Blocks until a batch is due and returns its serialized events; empty once closed. */
    synchronized List<byte[]> nextBatch() throws InterruptedException {
        while (!closed) {
            if (items.isEmpty()) {
                wait();
                continue;
            }
            long dueNanos = items.peek().enqueuedNanos() + TimeUnit.MILLISECONDS.toNanos(buffering.timeoutMs());
            long left = dueNanos - System.nanoTime();
            if (items.size() >= buffering.maxItems() || bytes >= buffering.maxBytes() || left <= 0) {
                return take();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.of();
    }

    private List<byte[]> take() {
        List<byte[]> batch = new ArrayList<>();
        long batchBytes = 0;
        while (!items.isEmpty() && batch.size() < buffering.maxItems()) {
            byte[] next = items.peek().json();
            if (!batch.isEmpty() && batchBytes + next.length > buffering.maxBytes()) {
                break;
            }
            items.poll();
            batch.add(next);
            batchBytes += next.length;
        }
        bytes -= batchBytes;
        return batch;
    }
}
