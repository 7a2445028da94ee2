package dev.o2ext.fakeo2;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request as the fake saw it, recorded just before its answer is sent.
 *
 * @param headers request headers, names in lower case
 * @param body the body after Content-Encoding was undone (the raw body when it could not be)
 * @param arrivalNanos {@link System#nanoTime()} when the request arrived
 * @param answeredNanos {@link System#nanoTime()} when the answer was ready to be sent (after any latency or hang)
 * @param clientPort the client's TCP port: requests on one connection share it
 */
public record RecordedRequest(
        String method, String path, @Nullable String query, Map<String, List<String>> headers, byte[] body,
        int status, Instant arrival, long arrivalNanos, long answeredNanos, int clientPort) {

    public @Nullable String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
