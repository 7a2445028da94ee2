/**
 * Black-box end-to-end tests ({@code *IT}, run by Failsafe): the packaged extension is started as
 * Lambda starts it ({@code java -jar}, or the layer's launcher named by the system property
 * {@code extension.command}) inside the {@link dev.o2ext.sim.LambdaSimulator}, ships to a
 * {@link dev.o2ext.fakeo2.FakeOpenObserve}, and the tests assert on what the fake stored, what the
 * simulator observed and the extension's diagnostics counters. {@link dev.o2ext.e2e.EndToEndTest}
 * holds the shared set-up so that each test reads as its scenario.
 */
@NullMarked
package dev.o2ext.e2e;

import org.jspecify.annotations.NullMarked;
