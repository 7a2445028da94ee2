package dev.o2ext.shipping;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

import dev.o2ext.metrics.FailureKind;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns OpenObserve's answers to the JSON ingestion API into {@link Outcome}s. OpenObserve
 * answers 200 even when it stored nothing, so a 2xx is only an {@link Outcome.Accepted} when the
 * counts in its body add up to what was sent. Descriptions carry status and the server's
 * message, never the request body or headers.
 */
public final class OutcomeClassifier {

	private static final int MAX_MESSAGE = 200;

	private final JsonMapper mapper;

	public OutcomeClassifier(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** Classifies an HTTP answer to a batch of {@code sent} records. */
	public Outcome classify(HttpReply reply, int sent) {
		int status = reply.status();
		if (status >= 200 && status < 300) {
			return counts(reply, sent);
		}
		if (status == 408 || status == 429 || status >= 500) {
			return new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP " + status + message(reply),
					retryAfter(reply.retryAfter()));
		}
		if (status == 413) {
			return new Outcome.TooLarge();
		}
		return new Outcome.Final(status, "HTTP " + status + message(reply) + hint(status));
	}

	/** Classifies a request that got no HTTP answer. */
	public Outcome.Retryable classify(Throwable failure) {
		if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
			return new Outcome.Retryable(FailureKind.TIMEOUT, "no answer in time", null);
		}
		String type = failure.getClass().getSimpleName();
		String detail = (failure.getCause() instanceof IOException io) ? io.getClass().getSimpleName() : type;
		return new Outcome.Retryable(FailureKind.CONNECTION, "connection failed (" + detail + ")", null);
	}

	private Outcome counts(HttpReply reply, int sent) {
		int successful = 0;
		int failed = 0;
		String error = null;
		try {
			JsonNode root = this.mapper.readTree(reply.body());
			JsonNode statuses = root.path("status");
			if (!statuses.isArray()) {
				return new Outcome.SilentDrop(0, 0, sent);
			}
			for (JsonNode entry : statuses) {
				successful += entry.path("successful").asInt(0);
				failed += entry.path("failed").asInt(0);
				if (entry.hasNonNull("error")) {
					error = truncate(entry.get("error").asString(""));
				}
			}
		}
		catch (JacksonException ex) {
			return new Outcome.SilentDrop(0, 0, sent);
		}
		if (successful + failed < sent) {
			return new Outcome.SilentDrop(successful, failed, sent);
		}
		return new Outcome.Accepted(Math.min(successful, sent), Math.min(failed, sent - Math.min(successful, sent)),
				error);
	}

	/** Parses {@code Retry-After}: delta seconds or an HTTP date; {@code null} if absent or unreadable. */
	static @Nullable Duration retryAfter(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String value = header.trim();
		try {
			long seconds = Long.parseLong(value);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private String message(HttpReply reply) {
		String text = reply.bodyText().strip();
		if (text.isEmpty()) {
			return "";
		}
		try {
			JsonNode node = this.mapper.readTree(text);
			if (node.hasNonNull("message")) {
				return ": " + truncate(node.get("message").asString(""));
			}
		}
		catch (JacksonException ex) {
			// plain text, e.g. "Unauthorized Access"
		}
		return ": " + truncate(text);
	}

	private static String hint(int status) {
		return switch (status) {
			case 401, 403 -> " (check O2_AUTHORIZATION_HEADER: it must be the whole header value, e.g. 'Basic …')";
			case 404 -> " (check O2_ENDPOINT and O2_ORGANIZATION_ID)";
			default -> "";
		};
	}

	private static String truncate(String text) {
		String single = text.replaceAll("\\s+", " ");
		return (single.length() <= MAX_MESSAGE) ? single : single.substring(0, MAX_MESSAGE) + "…";
	}

}
