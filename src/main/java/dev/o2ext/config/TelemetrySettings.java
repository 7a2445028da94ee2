package dev.o2ext.config;

/**
 * The Telemetry API listener and the subscription's buffering.
 *
 * @param port preferred listener port; a free port is used when it is taken
 * @param listenAddress address the listener binds
 * @param destinationHost host name in the subscription's destination URI
 * @param maxItems buffering {@code maxItems}
 * @param maxBytes buffering {@code maxBytes}
 * @param timeoutMs buffering {@code timeoutMs}
 */
public record TelemetrySettings(int port, String listenAddress, String destinationHost, int maxItems, int maxBytes,
		int timeoutMs) {
}
