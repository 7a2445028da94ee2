package dev.o2ext.lambda;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event from {@code /event/next}: INVOKE, SHUTDOWN, or an explicit fallback for an event
 * type this version does not know (answered by simply asking for the next one).
 */
public sealed interface ExtensionEvent {

	/**
	 * Parses an event body.
	 * @throws tools.jackson.core.JacksonException when the body is not JSON
	 */
	static ExtensionEvent parse(JsonMapper mapper, String body) {
		JsonNode node = mapper.readTree(body);
		String type = node.path("eventType").asString("");
		long deadlineMs = node.path("deadlineMs").asLong(0);
		return switch (type.toUpperCase(Locale.ROOT)) {
			case "INVOKE" -> new Invoke(node.path("requestId").asString(""), deadlineMs,
					node.path("invokedFunctionArn").asString(""), node.path("tracing").path("value").asString(null));
			case "SHUTDOWN" -> new Shutdown(deadlineMs, node.path("shutdownReason").asString("unknown"));
			default -> new Unknown(type);
		};
	}

	/**
	 * An invocation started.
	 * @param requestId the request id
	 * @param deadlineMs the function's deadline, epoch milliseconds
	 * @param invokedFunctionArn the ARN invoked
	 * @param traceHeader the X-Ray trace header value, if traced
	 */
	record Invoke(String requestId, long deadlineMs, String invokedFunctionArn,
			@Nullable String traceHeader) implements ExtensionEvent {
	}

	/**
	 * The environment shuts down.
	 * @param deadlineMs when everything still alive is killed, epoch milliseconds
	 * @param reason {@code spindown}, {@code timeout}, {@code failure} or another value (any case)
	 */
	record Shutdown(long deadlineMs, String reason) implements ExtensionEvent {
	}

	/**
	 * An event of a type this version does not handle.
	 * @param eventType the type as sent
	 */
	record Unknown(String eventType) implements ExtensionEvent {
	}

}
