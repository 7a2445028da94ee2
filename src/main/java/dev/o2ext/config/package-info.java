/**
 * Configuration: the immutable, validated settings read once from the `O2_*` environment variables before the Spring context starts, with secrets kept out of every `toString()`.
 */
@NullMarked
package dev.o2ext.config;

import org.jspecify.annotations.NullMarked;
