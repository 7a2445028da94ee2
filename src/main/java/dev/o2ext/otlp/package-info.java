/**
 * The OpenTelemetry relay: an OTLP/HTTP receiver on the loopback interface for the function's
 * traces, metrics and log records, bounded queues that share the extension's byte budget, the
 * OTLP sink and one delivery lane per signal that the lifecycle flushes after the logs, merging
 * exports into few requests to OpenObserve's OTLP endpoints. Protobuf bodies stay opaque bytes, checked by a small
 * wire-format walker; no protobuf library is needed.
 */
@NullMarked
package dev.o2ext.otlp;

import org.jspecify.annotations.NullMarked;
