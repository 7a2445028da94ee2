package dev.o2ext.lifecycle;

import dev.o2ext.lambda.SubscriptionResult;

/**
 * Facts about the running extension that diagnostics shows: the subscription's outcome and the
 * listener's port. Written by the lifecycle thread, read by anyone.
 */
public final class ExtensionStatus {

	private volatile SubscriptionResult subscription = SubscriptionResult.PENDING;

	private volatile int telemetryPort;

	public SubscriptionResult subscription() {
		return this.subscription;
	}

	void subscription(SubscriptionResult result) {
		this.subscription = result;
	}

	public int telemetryPort() {
		return this.telemetryPort;
	}

	public void telemetryPort(int port) {
		this.telemetryPort = port;
	}

}
