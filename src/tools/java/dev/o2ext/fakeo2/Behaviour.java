package dev.o2ext.fakeo2;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The scripted part of the fake's ingestion behaviour; every setter is safe to call from a test
 * while requests are in flight. Precedence for an answer: a 503 outage, then the queue of next
 * answers, then the persistent answer; otherwise the request is ingested normally.
 */
final class Behaviour {

    private final Deque<Answer> next = new ArrayDeque<>();
    private @Nullable Answer persistent;
    private boolean unavailable;
    private boolean silentDrop;
    private int failEveryNth;
    private Duration latency = Duration.ZERO;
    private @Nullable CountDownLatch hang;
    private @Nullable CountDownLatch stall;

    synchronized void enqueue(Answer answer) {
        next.add(answer);
    }

    synchronized void persistent(@Nullable Answer answer) {
        persistent = answer;
    }

    synchronized void unavailable(boolean value) {
        unavailable = value;
    }

    synchronized void silentDrop(boolean value) {
        silentDrop = value;
    }

    synchronized void failEveryNth(int value) {
        failEveryNth = value;
    }

    synchronized void latency(Duration value) {
        latency = value;
    }

    /** Requests arriving from now on block until {@link #release()}. */
    synchronized void hang() {
        if (hang == null) {
            hang = new CountDownLatch(1);
        }
    }

    synchronized void release() {
        if (hang != null) {
            hang.countDown();
            hang = null;
        }
    }

    /** Requests arriving from now on are read and never answered nor stored, until {@link #endStall()}. */
    synchronized void stall() {
        if (stall == null) {
            stall = new CountDownLatch(1);
        }
    }

    synchronized void endStall() {
        if (stall != null) {
            stall.countDown();
            stall = null;
        }
    }

    synchronized @Nullable CountDownLatch stallLatch() {
        return stall;
    }

    /** Back to a healthy server; hanging requests are released, stalled ones dropped. */
    synchronized void reset() {
        next.clear();
        persistent = null;
        unavailable = false;
        silentDrop = false;
        failEveryNth = 0;
        latency = Duration.ZERO;
        release();
        endStall();
    }

    /** Consumes the answer that overrides ingestion for this request, if any. */
    synchronized @Nullable Answer scriptedAnswer() {
        if (unavailable) {
            return Answer.overloaded();
        }
        Answer queued = next.poll();
        return queued != null ? queued : persistent;
    }

    /**
     * The answer that overrides every route for now (an outage, a persistent status), without
     * consuming the answers queued for {@code _json} ingestion.
     */
    synchronized @Nullable Answer serverWideAnswer() {
        return unavailable ? Answer.overloaded() : persistent;
    }

    synchronized int queuedAnswers() {
        return next.size();
    }

    synchronized @Nullable CountDownLatch hangLatch() {
        return hang;
    }

    synchronized boolean silentDrop() {
        return silentDrop;
    }

    synchronized int failEveryNth() {
        return failEveryNth;
    }

    synchronized Duration latency() {
        return latency;
    }
}
