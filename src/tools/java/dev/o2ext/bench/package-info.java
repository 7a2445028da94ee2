/**
 * Drivers that run the real extension process through whole sessions inside the
 * {@link dev.o2ext.sim.LambdaSimulator} with a {@link dev.o2ext.fakeo2.FakeOpenObserve}: the
 * training run that the layer build records the JDK AOT cache from ({@link TrainingRun}) and the
 * start-up and footprint benchmark behind {@code docs/benchmarks.md} ({@link LayerBenchmark}).
 * Those two are programs with a {@code main}, not tests: they measure and report. {@link LayerIT}
 * tests what only the built layer can get wrong (HTTPS through the jlinked runtime, an unusable
 * AOT cache). Linux only (they read {@code /proc}).
 */
@NullMarked
package dev.o2ext.bench;

import org.jspecify.annotations.NullMarked;
