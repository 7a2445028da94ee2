/**
 * The diagnostics endpoint on the loopback interface: a JSON view of the buffer, the counters, flush latencies and the last error. It reads every other package; nothing imports it.
 */
@NullMarked
package dev.o2ext.diagnostics;

import org.jspecify.annotations.NullMarked;
