/**
 * Drivers that run the real extension process through whole sessions inside the
 * {@link dev.o2ext.sim.LambdaSimulator} with a {@link dev.o2ext.fakeo2.FakeOpenObserve}: the
 * training run that the layer build records the JDK AOT cache from ({@link TrainingRun}) and the
 * start-up and footprint benchmarks behind {@code docs/benchmarks.md} ({@link LayerBenchmark},
 * {@link SandboxBenchmark}). They are programs with a {@code main}, not tests: they measure and
 * report. One of the tools ({@code src/tools/java}, built without the tests); the tests of the
 * built layer ({@code LayerIT}, {@code NativeLayerIT}: HTTPS through the jlinked runtime, an
 * unusable AOT cache) and of the jar ({@code PackagedJarIT}: none of the tools in it) are in the
 * same package in {@code src/test/java}. Linux only (they read {@code /proc}).
 */
@NullMarked
package dev.o2ext.bench;

import org.jspecify.annotations.NullMarked;
