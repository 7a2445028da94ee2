package dev.o2ext.aws;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The function's credentials as Lambda gives them to extensions: {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and the session token {@code AWS_SESSION_TOKEN} of the execution
 * role. {@code toString()} shows the key id only.
 */
public final class AwsCredentials {

	private final String accessKeyId;

	private final String secretAccessKey;

	private final @Nullable String sessionToken;

	public AwsCredentials(String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
		this.accessKeyId = accessKeyId;
		this.secretAccessKey = secretAccessKey;
		this.sessionToken = sessionToken;
	}

	/** The credentials in the environment, or {@code null} when the key id or the secret key is missing. */
	public static @Nullable AwsCredentials fromEnvironment(Map<String, String> env) {
		String id = env.get("AWS_ACCESS_KEY_ID");
		String key = env.get("AWS_SECRET_ACCESS_KEY");
		if (id == null || id.isBlank() || key == null || key.isBlank()) {
			return null;
		}
		String token = env.get("AWS_SESSION_TOKEN");
		return new AwsCredentials(id.trim(), key.trim(), (token == null || token.isBlank()) ? null : token.trim());
	}

	public String accessKeyId() {
		return this.accessKeyId;
	}

	String secretAccessKey() {
		return this.secretAccessKey;
	}

	/** The session token, sent as {@code X-Amz-Security-Token}; null for long-term keys. */
	public @Nullable String sessionToken() {
		return this.sessionToken;
	}

	@Override
	public String toString() {
		return "AwsCredentials[" + this.accessKeyId + ", ****]";
	}

}
