package dev.o2ext.fakeo2;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A canned HTTP answer for scripting failures, with the bodies the real server sends (see
 * {@code fixtures/openobserve/}).
 */
public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String OVERLOADED = "{\"code\":503,\"message\":\"Error# ingestion memtable is full, please retry later\"}";
    public static final String UNAUTHORIZED = "Unauthorized Access";

    /** 503 with the server's circuit-breaker body. */
    public static Answer overloaded() {
        return json(503, OVERLOADED);
    }

    /** 503 with a {@code Retry-After} header in whole seconds. */
    public static Answer overloaded(Duration retryAfter) {
        return new Answer(503, "application/json", bytes(OVERLOADED),
                Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    /** 401 with the plain-text body of the real server. */
    public static Answer unauthorized() {
        return new Answer(401, "text/plain; charset=utf-8", bytes(UNAUTHORIZED), Map.of());
    }

    /** The usual answer for a status: 401/503 as above, anything else {@code {"code","message"}}. */
    public static Answer status(int status) {
        return switch (status) {
            case 401 -> unauthorized();
            case 503 -> overloaded();
            default -> json(status, "{\"code\":" + status + ",\"message\":\"" + reason(status) + "\"}");
        };
    }

    static Answer json(int status, String body) {
        return new Answer(status, "application/json", bytes(body), Map.of());
    }

    static Answer text(int status, String body) {
        return new Answer(status, "text/plain; charset=utf-8", bytes(body), Map.of());
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Organization not found";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
