/**
 * Log lines as structured records: Lambda's text prefix and JSON objects parsed into fields named
 * as OpenObserve names columns ({@link dev.o2ext.records.LineParser}), stack traces joined into one
 * record ({@link dev.o2ext.records.Stitcher}), the order of records within a millisecond
 * ({@link dev.o2ext.records.SubMillisecondOrder}) and the invocation context every record carries
 * ({@link dev.o2ext.records.RecordAssembler}). Plain classes, no I/O; the telemetry listener drives them.
 * The fields are documented in {@code docs/fields.md}.
 */
@NullMarked
package dev.o2ext.records;

import org.jspecify.annotations.NullMarked;
