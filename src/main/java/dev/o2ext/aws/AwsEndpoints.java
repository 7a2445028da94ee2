package dev.o2ext.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * A service's endpoint by the AWS SDKs' rules: {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g.
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code AWS_ENDPOINT_URL_SSM}), else
 * {@code AWS_ENDPOINT_URL}, else the regional endpoint {@code https://<prefix>.<region>.amazonaws.com}
 * ({@code .amazonaws.com.cn} in China); {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} ignores
 * the variables. The signing region stays {@code AWS_REGION} for every endpoint.
 */
public final class AwsEndpoints {

	private AwsEndpoints() {
	}

	/**
	 * @param serviceVariable the SDKs' service suffix, e.g. {@code SECRETS_MANAGER}
	 * @param prefix the endpoint prefix, e.g. {@code secretsmanager}
	 * @throws IllegalArgumentException naming the variable when its value is no http(s) URL
	 */
	public static URI resolve(Map<String, String> env, String serviceVariable, String prefix, String region) {
		boolean ignore = "true".equalsIgnoreCase(env.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").trim());
		if (!ignore) {
			for (String name : new String[] { "AWS_ENDPOINT_URL_" + serviceVariable, "AWS_ENDPOINT_URL" }) {
				String value = env.get(name);
				if (value != null && !value.isBlank()) {
					return parse(name, value.trim());
				}
			}
		}
		String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
		return URI.create("https://" + prefix + "." + region + "." + suffix + "/");
	}

	private static URI parse(String name, String value) {
		try {
			URI uri = URI.create(value.endsWith("/") ? value : value + "/");
			String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
				throw new IllegalArgumentException(name + " must be an http(s) URL");
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(name + " must be an http(s) URL", ex);
		}
	}

}
