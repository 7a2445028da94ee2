/**
 * The bounded queue every delivery lane holds its entries in (log records, OpenTelemetry exports): bounded by serialized bytes on one shared budget, never blocking, counting every offer, with an explicit in-flight state so that a failed batch returns to the front.
 */
@NullMarked
package dev.o2ext.buffer;

import org.jspecify.annotations.NullMarked;
