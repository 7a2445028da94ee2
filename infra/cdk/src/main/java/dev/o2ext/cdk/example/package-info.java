/**
 * A deployable example: one stack with the extension layers, a small Python function and
 * {@link dev.o2ext.cdk.O2LogShipping} wiring them, configured from CDK context ({@code cdk.json} or
 * {@code -c key=value}).
 */
@NullMarked
package dev.o2ext.cdk.example;

import org.jspecify.annotations.NullMarked;
