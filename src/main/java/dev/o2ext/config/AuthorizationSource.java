package dev.o2ext.config;

import org.jspecify.annotations.Nullable;

/**
 * Where the authorization header comes from: {@code O2_AUTHORIZATION_HEADER} itself, a Secrets
 * Manager secret ({@code O2_AUTHORIZATION_SECRET_ARN}, optionally one key of a JSON secret,
 * {@code O2_AUTHORIZATION_SECRET_KEY}) or an SSM parameter ({@code O2_AUTHORIZATION_SSM_PARAMETER},
 * a SecureString is decrypted). Exactly one is set; the remote ones are read once during Init.
 *
 * @param kind which of the three
 * @param id the secret's ARN or name, the parameter's name or ARN; empty for {@link Kind#HEADER}
 * @param jsonKey the key of a JSON secret whose value is the header, or null for the whole secret
 */
public record AuthorizationSource(Kind kind, String id, @Nullable String jsonKey) {

	/** The header given directly. */
	public static final AuthorizationSource HEADER = new AuthorizationSource(Kind.HEADER, "", null);

	/** Whether the value must be fetched from AWS. */
	public boolean remote() {
		return this.kind != Kind.HEADER;
	}

	/** The three places. */
	public enum Kind {

		HEADER, SECRETS_MANAGER, SSM_PARAMETER

	}

}
