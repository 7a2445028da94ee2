package dev.o2ext.sim;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a Telemetry API subscription the way the platform does and collects every problem into
 * one {@code ValidationError} message. The destination host {@code sandbox}/{@code sandbox.localdomain}
 * is rewritten to 127.0.0.1, because off Lambda that name does not resolve.
 */
final class SubscriptionValidator {

    /** A subscription, or the problems that make it invalid. */
    record Result(@Nullable TelemetrySubscription subscription, List<String> problems) {
    }

    static final Set<String> SCHEMA_VERSIONS = Set.of("2022-07-01", "2022-12-13", "2025-01-29");
    static final Set<String> TYPES = Set.of("platform", "function", "extension");
    private static final int RESERVED_PORT = 9001;

    private final Buffering defaults;

    SubscriptionValidator(Buffering defaults) {
        this.defaults = defaults;
    }

    Result validate(String extensionName, byte[] body) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return new Result(null, List.of("request body is not valid JSON"));
        }
        List<String> problems = new ArrayList<>();
        URI destination = destination(request.path("destination"), problems);
        Set<String> types = types(request.path("types"), problems);
        String schemaVersion = request.path("schemaVersion").asString("");
        if (!SCHEMA_VERSIONS.contains(schemaVersion)) {
            problems.add("schemaVersion must be one of " + SCHEMA_VERSIONS);
        }
        Buffering buffering = buffering(request.path("buffering"), problems);
        if (!problems.isEmpty() || destination == null) {
            return new Result(null, problems);
        }
        return new Result(new TelemetrySubscription(extensionName, schemaVersion, types, buffering, destination), List.of());
    }

    private static @Nullable URI destination(JsonNode destination, List<String> problems) {
        if (!"HTTP".equals(destination.path("protocol").asString(""))) {
            problems.add("destination protocol must be HTTP");
        }
        try {
            URI uri = new URI(destination.path("URI").asString(""));
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add("URI must be an http:// URI with a host");
                return null;
            }
            if (uri.getPort() == -1) {
                problems.add("URI port is not provided");
                return null;
            }
            if (uri.getPort() == RESERVED_PORT) {
                problems.add("URI port 9001 is reserved");
                return null;
            }
            String host = uri.getHost().equals("sandbox") || uri.getHost().equals("sandbox.localdomain")
                    ? "127.0.0.1" : uri.getHost();
            return new URI("http", null, host, uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            problems.add("URI is invalid");
            return null;
        }
    }

    private static Set<String> types(JsonNode types, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        types.forEach(type -> names.add(type.asString("")));
        if (names.isEmpty()) {
            problems.add("types should not be empty");
        } else if (!TYPES.containsAll(names)) {
            problems.add("types must be a subset of " + TYPES);
        }
        return names;
    }

    private Buffering buffering(JsonNode buffering, List<String> problems) {
        int maxItems = within(buffering, "maxItems", defaults.maxItems(), Buffering.MIN_ITEMS, Buffering.MAX_ITEMS, problems);
        int maxBytes = within(buffering, "maxBytes", defaults.maxBytes(), Buffering.MIN_BYTES, Buffering.MAX_BYTES, problems);
        int timeoutMs = within(buffering, "timeoutMs", defaults.timeoutMs(), Buffering.MIN_TIMEOUT_MS,
                Buffering.MAX_TIMEOUT_MS, problems);
        return new Buffering(maxItems, maxBytes, timeoutMs);
    }

    private static int within(JsonNode buffering, String field, int fallback, int min, int max, List<String> problems) {
        JsonNode value = buffering.path(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            problems.add("buffering." + field + " must be between " + min + " and " + max);
            return fallback;
        }
        return value.asInt();
    }
}
