package dev.o2ext.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Extensions API, {@code /2020-01-01/extension/…}: register, the {@code event/next} long poll,
 * {@code init/error} and {@code exit/error}, with the platform's status codes and error types.
 * Runs on the HTTP server's threads; a next call blocks its thread until an event is queued.
 */
final class ExtensionsApi implements HttpHandler {

    static final String BASE = "/2020-01-01/extension";
    static final String NAME = "Lambda-Extension-Name";
    static final String IDENTIFIER = "Lambda-Extension-Identifier";
    static final String ERROR_TYPE = "Lambda-Extension-Function-Error-Type";

    private final PlatformState state;
    private final SimulatorConfig config;
    private final TelemetryHub telemetry;
    private final PlatformRecords records;

    ExtensionsApi(PlatformState state, SimulatorConfig config, TelemetryHub telemetry, PlatformRecords records) {
        this.state = state;
        this.config = config;
        this.telemetry = telemetry;
        this.records = records;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            switch (route) {
                case "POST " + BASE + "/register" -> register(exchange);
                case "GET " + BASE + "/event/next" -> next(exchange);
                case "POST " + BASE + "/init/error" -> error(exchange, ErrorReport.Kind.INIT_ERROR);
                case "POST " + BASE + "/exit/error" -> error(exchange, ErrorReport.Kind.EXIT_ERROR);
                default -> HttpIo.error(exchange, 404, "NotFound", "No route " + route);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void register(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestHeaders().getFirst(NAME);
        byte[] body = HttpIo.body(exchange);
        if (name == null || name.isBlank()) {
            HttpIo.error(exchange, 403, "Extension.InvalidExtensionName", "Missing " + NAME + " header");
            return;
        }
        List<String> events = events(body);
        if (events == null) {
            HttpIo.error(exchange, 403, "InvalidRequestFormat", "Register request body must be {\"events\":[…]}");
            return;
        }
        if (!List.of("INVOKE", "SHUTDOWN").containsAll(events)) {
            HttpIo.error(exchange, 403, "Extension.InvalidEventType", "Unknown event type in " + events);
            return;
        }
        if (config.managedInstances() && events.contains("INVOKE")) {
            // what Lambda Managed Instances answer: invocations overlap there, none is announced
            HttpIo.error(exchange, 403, "Extension.InvalidEventType",
                    "INVOKE is not supported with the initialization type " + config.initializationType());
            return;
        }
        String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
        PlatformState.Registration registration = state.register(name, events, userAgent == null ? "" : userAgent);
        RegisteredExtension extension = registration.extension();
        if (extension == null) {
            HttpIo.error(exchange, 403, registration.errorType(), registration.message());
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("functionName", config.functionName());
        answer.put("functionVersion", config.functionVersion());
        answer.put("handler", config.handler());
        String features = exchange.getRequestHeaders().getFirst("Lambda-Extension-Accept-Feature");
        if (features != null && features.contains("accountId")) {
            answer.put("accountId", config.accountId());
        }
        exchange.getResponseHeaders().set(IDENTIFIER, extension.id);
        HttpIo.json(exchange, 200, answer);
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        RegisteredExtension extension = identified(exchange, state);
        if (extension == null) {
            return;
        }
        if (state.nextCalled(extension)) {
            telemetry.publish(TelemetryEvent.now("platform.extension", records.extension(extension.name, extension.events)));
        }
        byte[] event = extension.queue.take();
        if (event == RegisteredExtension.CLOSED) {
            extension.queue.add(RegisteredExtension.CLOSED);
            HttpIo.error(exchange, 500, "Simulator.Closed", "The simulator is closing");
            return;
        }
        exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString());
        HttpIo.send(exchange, 200, event);
        state.dispatched(extension);
    }

    private void error(HttpExchange exchange, ErrorReport.Kind kind) throws IOException {
        RegisteredExtension extension = identified(exchange, state);
        if (extension == null) {
            return;
        }
        String errorType = exchange.getRequestHeaders().getFirst(ERROR_TYPE);
        if (errorType == null || errorType.isBlank()) {
            HttpIo.error(exchange, 403, "Extension.MissingHeader", "Missing " + ERROR_TYPE + " header");
            return;
        }
        String body = HttpIo.text(HttpIo.body(exchange));
        state.reportError(new ErrorReport(kind, extension.name, errorType, body, null, System.nanoTime()), extension);
        HttpIo.json(exchange, 202, Json.MAPPER.createObjectNode().put("status", "OK"));
    }

    /** The registered extension named by the identifier header, or null after answering 403. */
    static @Nullable RegisteredExtension identified(HttpExchange exchange, PlatformState state) throws IOException {
        String id = exchange.getRequestHeaders().getFirst(IDENTIFIER);
        if (id == null || id.isBlank()) {
            HttpIo.error(exchange, 403, "Extension.MissingExtensionIdentifier", "Missing " + IDENTIFIER + " header");
            return null;
        }
        RegisteredExtension extension = state.find(id);
        if (extension == null) {
            HttpIo.error(exchange, 403, "Extension.InvalidExtensionIdentifier", "Invalid " + IDENTIFIER + ": " + id);
        }
        return extension;
    }

    private static @Nullable List<String> events(byte[] body) {
        try {
            JsonNode events = Json.MAPPER.readTree(body).get("events");
            if (events == null || !events.isArray()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            events.forEach(event -> names.add(event.asString()));
            return names;
        } catch (JacksonException e) {
            return null;
        }
    }
}
