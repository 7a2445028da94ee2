package dev.o2ext.otlp;

import java.util.concurrent.atomic.LongAdder;

import dev.o2ext.metrics.EnumCounters;

/**
 * What the receiver counts of one signal before anything reaches its lane: requests, their
 * bytes and the requests it refused, by reason. The items are counted by the lane's queue.
 * Thread-safe (the receiver's event loop writes, diagnostics reads).
 */
final class ReceiverCounters {

	final LongAdder requests = new LongAdder();

	final LongAdder requestBytes = new LongAdder();

	final EnumCounters<Refusal> refused = new EnumCounters<>(Refusal.class);

}
