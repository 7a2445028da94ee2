package dev.o2ext.buffer;

import dev.o2ext.metrics.DropReason;
import org.jspecify.annotations.Nullable;

/** The answer of {@link BoundedQueue#offer}: taken, or the reason it was refused. */
public enum OfferResult {

	ACCEPTED(null),

	FULL(DropReason.BUFFER_FULL),

	TOO_LARGE(DropReason.RECORD_TOO_LARGE),

	CLOSED(DropReason.SHUT_DOWN);

	private final @Nullable DropReason dropReason;

	OfferResult(@Nullable DropReason dropReason) {
		this.dropReason = dropReason;
	}

	/** The reason to count a refusal under; {@code null} for {@link #ACCEPTED}. */
	public @Nullable DropReason dropReason() {
		return this.dropReason;
	}

}
