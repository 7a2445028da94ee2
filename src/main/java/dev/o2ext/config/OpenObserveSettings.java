package dev.o2ext.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how records are delivered: OpenObserve's base URL, organization, stream, the
 * authorization header and the upper bound of one request.
 *
 * @param endpoint base URL without a trailing slash, e.g. {@code https://api.openobserve.ai}
 * @param organization the organization id, a path segment of the ingestion URL
 * @param stream the log stream name, a path segment of the ingestion URL
 * @param authorization the whole {@code Authorization} header value
 * @param requestTimeout upper bound of one HTTP request
 */
public record OpenObserveSettings(URI endpoint, String organization, String stream, Secret authorization,
		Duration requestTimeout) {

	/** The JSON ingestion URL {@code {endpoint}/api/{org}/{stream}/_json}. */
	public URI jsonIngestUri() {
		return URI.create(this.endpoint + "/api/" + this.organization + "/" + this.stream + "/_json");
	}

	/** The URL of an organization-level API path such as {@code v1/traces}. */
	public URI organizationUri(String path) {
		return URI.create(this.endpoint + "/api/" + this.organization + "/" + path);
	}

}
