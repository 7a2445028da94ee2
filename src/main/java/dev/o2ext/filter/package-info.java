/**
 * Filtering, sampling and redaction of the Telemetry API's records before they are buffered, so
 * that what is left out costs no memory and no egress: {@link dev.o2ext.filter.RecordFilter}
 * decides from the event type and the level whether a record is kept, {@link dev.o2ext.filter.Redactor}
 * blanks secrets and personal data in a string, {@link dev.o2ext.filter.JsonRedactor} in every
 * string of a record, and {@link dev.o2ext.filter.RecordPolicy} joins them for the ingest.
 * Plain classes, no Spring; everything is counted in {@link dev.o2ext.metrics.PipelineMetrics}.
 */
@NullMarked
package dev.o2ext.filter;

import org.jspecify.annotations.NullMarked;
