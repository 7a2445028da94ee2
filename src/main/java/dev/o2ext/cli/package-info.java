/**
 * Command-line modes that are not the extension itself: `--version` and `--health-check`.
 */
@NullMarked
package dev.o2ext.cli;

import org.jspecify.annotations.NullMarked;
