package dev.o2ext.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import tools.jackson.databind.node.StringNode;

/**
 * The Telemetry API, {@code PUT /2022-07-01/telemetry}: validates a subscription like the platform
 * (400 {@code ValidationError}), accepts it only during Init (403 afterwards), answers 200
 * {@code "OK"}, or 202 {@code Telemetry.NotSupported} when the simulator plays a local emulator.
 */
final class TelemetryApi implements HttpHandler {

    static final String PATH = "/2022-07-01/telemetry";

    private final PlatformState state;
    private final SimulatorConfig config;
    private final TelemetryHub telemetry;
    private final PlatformRecords records;
    private final SubscriptionValidator validator;

    TelemetryApi(PlatformState state, SimulatorConfig config, TelemetryHub telemetry, PlatformRecords records) {
        this.state = state;
        this.config = config;
        this.telemetry = telemetry;
        this.records = records;
        this.validator = new SubscriptionValidator(config.defaultBuffering());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("PUT") || !exchange.getRequestURI().getPath().equals(PATH)) {
                HttpIo.error(exchange, 404, "NotFound", "No route " + exchange.getRequestURI().getPath());
                return;
            }
            byte[] body = HttpIo.body(exchange);
            RegisteredExtension extension = ExtensionsApi.identified(exchange, state);
            if (extension == null) {
                return;
            }
            if (!config.telemetrySupported()) {
                HttpIo.error(exchange, 202, "Telemetry.NotSupported", "Telemetry API is not supported");
                return;
            }
            if (state.phase() != PlatformState.Phase.INIT) {
                HttpIo.error(exchange, 403, "Telemetry.SubscriptionClosed", "Subscriptions are accepted only during Init");
                return;
            }
            SubscriptionValidator.Result result = validator.validate(extension.name, body);
            TelemetrySubscription subscription = result.subscription();
            if (subscription == null) {
                HttpIo.error(exchange, 400, "ValidationError", String.join("; ", result.problems()));
                return;
            }
            telemetry.subscribe(subscription);
            telemetry.publish(TelemetryEvent.now("platform.telemetrySubscription",
                    records.telemetrySubscription(extension.name, subscription.types())));
            HttpIo.json(exchange, 200, StringNode.valueOf("OK"));
        }
    }
}
