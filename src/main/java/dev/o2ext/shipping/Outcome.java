package dev.o2ext.shipping;

import java.time.Duration;

import dev.o2ext.metrics.FailureKind;
import org.jspecify.annotations.Nullable;

/** What one attempt to deliver a batch came to, as classified by {@link OutcomeClassifier}. */
public sealed interface Outcome {

	/** How an attempt with this outcome failed, for the counters; {@code null} when it was accepted. */
	static @Nullable FailureKind failureOf(Outcome outcome) {
		if (outcome instanceof Retryable retryable) {
			return retryable.kind();
		}
		if (outcome instanceof Final) {
			return FailureKind.FINAL_STATUS;
		}
		if (outcome instanceof TooLarge) {
			return FailureKind.TOO_LARGE;
		}
		if (outcome instanceof SilentDrop) {
			return FailureKind.SILENT_DROP;
		}
		return null;
	}

	/**
	 * Every record sent was counted by OpenObserve: {@code successful} stored, {@code failed}
	 * refused one by one (e.g. too old), with the server's last error.
	 */
	record Accepted(int successful, int failed, @Nullable String error) implements Outcome {
	}

	/**
	 * 200, but OpenObserve counted fewer records than were sent: the rest was dropped without a
	 * word (e.g. the stream write failed).
	 */
	record SilentDrop(int successful, int failed, int sent) implements Outcome {
	}

	/** Worth another attempt: 408, 429, 5xx, an I/O error or a timeout. */
	record Retryable(FailureKind kind, String description, @Nullable Duration retryAfter) implements Outcome {
	}

	/** 413: the batch must be split. */
	record TooLarge() implements Outcome {
	}

	/** 400, 401, 403, 404, 415 and other 4xx: sending the same batch again cannot help. */
	record Final(int status, String description) implements Outcome {
	}

}
