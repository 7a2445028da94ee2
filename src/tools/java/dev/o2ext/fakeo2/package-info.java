/**
 * A fake OpenObserve for tests, the layer's training run and the local run:
 * {@code POST /api/{org}/{stream}/_json} on a loopback port that answers like the real server
 * (200 with per-record {@code successful}/{@code failed} counts, the 5-hour time window, the
 * silent 0/0 drop, 400/401/415/503 with the real bodies), stores what it accepted per
 * organization and normalised stream with the arrival time, and can be scripted into failures (a
 * queue of next answers, a persistent status, latency, a hang, an outage that refuses
 * connections). {@link dev.o2ext.fakeo2.FakeOpenObserve} is the entry point. JDK, Jackson and the
 * OTLP protobuf classes (the OTLP endpoints) only. One of the tools ({@code src/tools/java}); its
 * tests are in {@code src/test/java}.
 */
@NullMarked
package dev.o2ext.fakeo2;

import org.jspecify.annotations.NullMarked;
