package dev.o2ext.sim;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extension's shutdown line ({@code o2-lambda-extension shutdown (...): ... received=N
 * shipped=N not_delivered=N (reason=N ...) in_flight_at_exit=N}), read back from its output: what it
 * says it delivered, the only count that also holds for a real OpenObserve, which cannot be asked
 * from here.
 *
 * @param received log records the extension accepted from the Telemetry API
 * @param shipped records OpenObserve acknowledged
 * @param notDelivered records refused, dropped or given up on
 * @param reasons the not-delivered counts by reason, as printed ({@code http_4xx=17}), or empty
 * @param inFlight records in a request that had not ended at exit
 * @param discarded records filtered or sampled out on purpose ({@code O2_LOG_TYPES}, {@code O2_MIN_LEVEL}, ...)
 * @param otlpNotDelivered OTLP items (spans, log records, data points) the relay received and did not
 *        deliver ({@code otlp_not_delivered=N}: refused by OpenObserve, dropped or left unsent)
 */
public record ShutdownLine(long received, long shipped, long notDelivered, String reasons, long inFlight, long discarded,
        long otlpNotDelivered) {

    private static final Pattern DISCARDED = Pattern.compile(" discarded=(\\d+)");

    private static final Pattern OTLP_NOT_DELIVERED = Pattern.compile(" otlp_not_delivered=(\\d+)");

    private static final Pattern LINE = Pattern.compile("o2-lambda-extension shutdown \\([^)]*\\):.*?"
            + " received=(\\d+) shipped=(\\d+) not_delivered=(\\d+)(?: \\(([^)]*)\\))?(?: in_flight_at_exit=(\\d+))?");

    /** The last shutdown line among {@code lines}, if any. */
    public static Optional<ShutdownLine> find(List<String> lines) {
        ShutdownLine found = null;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                Matcher discarded = DISCARDED.matcher(line);
                Matcher otlp = OTLP_NOT_DELIVERED.matcher(line);
                found = new ShutdownLine(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)), m.group(4) == null ? "" : m.group(4),
                        m.group(5) == null ? 0 : Long.parseLong(m.group(5)),
                        discarded.find(m.end()) ? Long.parseLong(discarded.group(1)) : 0,
                        otlp.find(m.end()) ? Long.parseLong(otlp.group(1)) : 0);
            }
        }
        return Optional.ofNullable(found);
    }

    /** Records neither shipped nor counted as not delivered: still queued when the extension exited. */
    public long unsent() {
        return Math.max(0, received - shipped - notDelivered - inFlight - discarded);
    }

    /** Why not everything reached OpenObserve, or empty when everything did. */
    public Optional<String> problem() {
        StringBuilder why = new StringBuilder();
        if (notDelivered > 0) {
            why.append(notDelivered).append(" records not delivered").append(reasons.isEmpty() ? "" : " (" + reasons + ")");
        }
        if (inFlight > 0) {
            why.append(why.isEmpty() ? "" : ", ").append(inFlight).append(" in flight at exit");
        }
        if (unsent() > 0) {
            why.append(why.isEmpty() ? "" : ", ").append(unsent()).append(" left unsent at exit");
        }
        if (!why.isEmpty()) {
            why.append(" of ").append(received).append(" received");
        }
        if (otlpNotDelivered > 0) {
            why.append(why.isEmpty() ? "" : "; ").append(otlpNotDelivered)
                    .append(" OpenTelemetry items (spans, log records, data points) not delivered");
        }
        return why.isEmpty() ? Optional.empty() : Optional.of("the extension reports " + why);
    }
}
