/**
 * Configuration: the table of settings ({@link dev.o2ext.config.Setting}: each variable's default, range and meaning,
 * which the documentation and the deployment tools' checks are generated from) and the immutable, validated settings
 * read once from the `O2_*` environment variables before the Spring context starts, with secrets kept out of every
 * `toString()`.
 */
@NullMarked
package dev.o2ext.config;

import org.jspecify.annotations.NullMarked;
