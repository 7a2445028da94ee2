/**
 * A Lambda platform simulator for tests, benchmarks and local runs: it serves the Extensions API,
 * the Telemetry API and the Runtime API on a loopback port, starts extension processes (and
 * optionally a function runtime process) the way Lambda does, generates the platform's telemetry
 * (init, start, runtimeDone, report) and the function's log lines, delivers them with the
 * subscription's batching, freezes processes between invocations and enforces the SHUTDOWN
 * deadline, recording every step with {@link System#nanoTime()} so that tests can assert on the
 * protocol bounds. {@link dev.o2ext.sim.LambdaSimulator} is the entry point and
 * {@link dev.o2ext.sim.LocalLambda} the runnable program, the product's local run: a layer's
 * extensions, a sample function and the project's fake OpenObserve ({@code LocalOpenObserve}),
 * one run at a time ({@code LocalSession}), summarised with {@code LocalReport}. {@code MiniExtension} and {@code MiniRuntime} are minimal
 * processes for the simulator's own tests. The package depends on the JDK, Jackson and, for the
 * local run only, {@link dev.o2ext.fakeo2}. It is one of the tools ({@code src/tools/java}: built
 * without the tests, never in the extension's jar); its tests, and the fakes only tests use
 * ({@code FakeAwsSecrets}, {@code RicHandler}), are in the same package in {@code src/test/java}.
 */
@NullMarked
package dev.o2ext.sim;

import org.jspecify.annotations.NullMarked;
