/**
 * CDK constructs for the o2-lambda-extension layer: {@link dev.o2ext.cdk.O2ExtensionLayer} publishes
 * the layer zip of each architecture as a Lambda layer version, {@link dev.o2ext.cdk.O2LogShipping}
 * attaches the matching version to a function and sets the extension's {@code O2_*} environment, and
 * {@link dev.o2ext.cdk.O2Authorization} says where the {@code Authorization} header comes from at
 * deploy time. Everything here runs once, at synth time, on the thread that builds the app.
 */
@NullMarked
package dev.o2ext.cdk;

import org.jspecify.annotations.NullMarked;
