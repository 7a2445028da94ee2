/**
 * The composition root: the Spring configuration classes that build the pipeline from plain
 * classes and the settings, and the application that runs it.
 */
@NullMarked
package dev.o2ext.app;

import org.jspecify.annotations.NullMarked;
