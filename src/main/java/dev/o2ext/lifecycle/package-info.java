/**
 * The extension's lifecycle: the loop over Extensions API events, the tracking of the invocation in progress and its `platform.runtimeDone`, and the decision when to flush (end of invocation, continuous, periodic, shutdown).
 */
@NullMarked
package dev.o2ext.lifecycle;

import org.jspecify.annotations.NullMarked;
