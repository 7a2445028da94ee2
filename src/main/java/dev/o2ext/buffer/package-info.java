/**
 * The bounded record buffer between the telemetry listener and the shipper: bounded by serialized bytes, never blocking, with an explicit in-flight state so that a failed batch returns to the front.
 */
@NullMarked
package dev.o2ext.buffer;

import org.jspecify.annotations.NullMarked;
