package dev.o2ext.shipping;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * OpenObserve's answer to one request.
 *
 * @param status HTTP status
 * @param retryAfter the {@code Retry-After} header, if any
 * @param body the body, truncated to {@link OpenObserveClient#MAX_REPLY_BYTES}
 */
public record HttpReply(int status, @Nullable String retryAfter, byte[] body) {

	public String bodyText() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

}
