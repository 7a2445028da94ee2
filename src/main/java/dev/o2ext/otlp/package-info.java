/**
 * The OpenTelemetry relay: an OTLP/HTTP receiver on the loopback interface for the function's
 * traces, metrics and log records, bounded queues that share the extension's byte budget, and
 * a forwarder that the lifecycle flushes with the logs, merging exports into few requests to
 * OpenObserve's OTLP endpoints. Protobuf bodies stay opaque bytes, checked by a small
 * wire-format walker; no protobuf library is needed.
 */
@NullMarked
package dev.o2ext.otlp;

import org.jspecify.annotations.NullMarked;
