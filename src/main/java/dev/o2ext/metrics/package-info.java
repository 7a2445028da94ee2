/**
 * Counting for the whole pipeline: the metrics interface every layer reports to, its in-memory implementation and the reasons a record can be dropped.
 */
@NullMarked
package dev.o2ext.metrics;

import org.jspecify.annotations.NullMarked;
