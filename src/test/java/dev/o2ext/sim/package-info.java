/**
 * A Lambda platform simulator for tests, benchmarks and local runs: it serves the Extensions API
 * and the Telemetry API on a loopback port, starts extension processes the way Lambda does,
 * generates the platform's telemetry (init, start, runtimeDone, report) and the function's log
 * lines, delivers them with the subscription's batching, freezes processes between invocations
 * and enforces the SHUTDOWN deadline, recording every step with {@link System#nanoTime()} so that
 * tests can assert on the protocol bounds. {@link dev.o2ext.sim.LambdaSimulator} is the entry
 * point; everything else is a piece of it. The package depends on the JDK and Jackson only.
 */
@NullMarked
package dev.o2ext.sim;

import org.jspecify.annotations.NullMarked;
