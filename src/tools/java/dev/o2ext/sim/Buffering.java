package dev.o2ext.sim;

/**
 * Telemetry API buffering of one subscription: a batch is sent as soon as it holds
 * {@code maxItems} events or {@code maxBytes} bytes, or its oldest event waited {@code timeoutMs}.
 */
public record Buffering(int maxItems, int maxBytes, int timeoutMs) {

    /** The platform's defaults when a subscription leaves buffering out. */
    public static final Buffering PLATFORM_DEFAULT = new Buffering(10_000, 262_144, 1_000);

    static final int MIN_ITEMS = 1_000;
    static final int MAX_ITEMS = 10_000;
    static final int MIN_BYTES = 262_144;
    static final int MAX_BYTES = 1_048_576;
    static final int MIN_TIMEOUT_MS = 25;
    static final int MAX_TIMEOUT_MS = 30_000;
}
