package dev.o2ext.lambda;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Subscribes the extension's listener to the Telemetry API. Called once, during init, from the
 * lifecycle thread (subscriptions are refused after init).
 */
public final class TelemetryApiClient {

	private static final List<String> TYPES = List.of("platform", "function", "extension");

	private final ExtensionsApiClient extensions;

	private final JsonMapper mapper;

	public TelemetryApiClient(ExtensionsApiClient extensions, JsonMapper mapper) {
		this.extensions = extensions;
		this.mapper = mapper;
	}

	/**
	 * Subscribes to platform, function and extension events.
	 * @param destinationUri where Lambda POSTs batches
	 * @return whether telemetry will arrive; a refusal other than "not supported" throws
	 */
	public SubscriptionResult subscribe(String destinationUri, int maxItems, int maxBytes, int timeoutMs)
			throws LambdaApiException {
		ObjectNode body = this.mapper.createObjectNode();
		body.put("schemaVersion", LambdaApi.TELEMETRY_SCHEMA_VERSION);
		TYPES.forEach(body.putArray("types")::add);
		ObjectNode buffering = body.putObject("buffering");
		buffering.put("maxItems", maxItems);
		buffering.put("maxBytes", maxBytes);
		buffering.put("timeoutMs", timeoutMs);
		ObjectNode destination = body.putObject("destination");
		destination.put("protocol", "HTTP");
		destination.put("URI", destinationUri);
		ExtensionsApiClient.Response response = this.extensions.call("PUT", LambdaApi.TELEMETRY_PATH,
				this.mapper.writeValueAsString(body), LambdaApi.IDENTIFIER_HEADER, this.extensions.id());
		if (response.status() == 200) {
			return SubscriptionResult.SUBSCRIBED;
		}
		if (response.status() == 202 && response.body().contains(LambdaApi.TELEMETRY_NOT_SUPPORTED)) {
			return SubscriptionResult.NOT_SUPPORTED;
		}
		throw new LambdaApiException("telemetry subscription refused: " + response.describe(), response.status());
	}

}
