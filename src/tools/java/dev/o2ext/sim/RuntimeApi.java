package dev.o2ext.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Runtime API, {@code /2018-06-01/runtime/…}, for a function process: the {@code invocation/next}
 * long poll with Lambda's headers, {@code invocation/{id}/response}, {@code invocation/{id}/error}
 * and {@code init/error}. Runs on the HTTP server's threads.
 */
final class RuntimeApi implements HttpHandler {

    static final String BASE = "/2018-06-01/runtime";
    private static final Pattern ANSWER = Pattern.compile("^" + BASE + "/invocation/([^/]+)/(response|error)$");

    private final PlatformState state;

    RuntimeApi(PlatformState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = HttpIo.body(exchange);
            RuntimeSlot runtime = state.runtime();
            Matcher answer = ANSWER.matcher(path);
            if (runtime == null) {
                HttpIo.error(exchange, 404, "NotFound", "No function process was launched");
            } else if (method.equals("GET") && path.equals(BASE + "/invocation/next")) {
                next(exchange, runtime);
            } else if (method.equals("POST") && answer.matches()) {
                boolean error = answer.group(2).equals("error");
                String errorType = error ? header(exchange, "Lambda-Runtime-Function-Error-Type", "Unhandled") : "";
                if (!state.runtimeAnswered(answer.group(1), new RuntimeSlot.Answer(error, errorType, HttpIo.text(body),
                        System.nanoTime()))) {
                    HttpIo.error(exchange, 400, "InvalidRequestID", "No invocation " + answer.group(1) + " is pending");
                    return;
                }
                accepted(exchange);
            } else if (method.equals("POST") && path.equals(BASE + "/init/error")) {
                String errorType = header(exchange, "Lambda-Runtime-Function-Error-Type", "Runtime.Unknown");
                state.reportError(new ErrorReport(ErrorReport.Kind.RUNTIME_INIT_ERROR, "runtime", errorType,
                        HttpIo.text(body), null, System.nanoTime()), null);
                accepted(exchange);
            } else {
                HttpIo.error(exchange, 404, "NotFound", "No route " + method + " " + path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void next(HttpExchange exchange, RuntimeSlot runtime) throws IOException, InterruptedException {
        state.runtimeNextCalled();
        RuntimeSlot.Invocation invocation = runtime.queue.take();
        if (invocation == RuntimeSlot.CLOSED) {
            runtime.queue.add(RuntimeSlot.CLOSED);
            HttpIo.error(exchange, 500, "Simulator.Closed", "The simulator is closing");
            return;
        }
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMs()));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", invocation.traceId());
        HttpIo.send(exchange, 200, invocation.payload());
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        HttpIo.json(exchange, 202, Json.MAPPER.createObjectNode().put("status", "OK"));
    }

    private static String header(HttpExchange exchange, String name, String fallback) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
