package dev.o2ext.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading requests and writing the platform's JSON answers on the JDK HTTP server. */
final class HttpIo {

    private HttpIo() {
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, Json.MAPPER.writeValueAsBytes(body));
    }

    /** The platform's error shape: {@code {"errorMessage","errorType"}}. */
    static void error(HttpExchange exchange, int status, String errorType, String message) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("errorMessage", message);
        body.put("errorType", errorType);
        json(exchange, status, body);
    }

    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
