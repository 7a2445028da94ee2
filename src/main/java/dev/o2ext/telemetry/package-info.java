/**
 * The Telemetry API listener: a WebFlux endpoint that parses Lambda's batches, maps each event to an OpenObserve record and offers it to the buffer without ever waiting for I/O.
 */
@NullMarked
package dev.o2ext.telemetry;

import org.jspecify.annotations.NullMarked;
