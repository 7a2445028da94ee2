package dev.o2ext.metrics;

import java.util.Locale;

/**
 * Why a record was left out on purpose, by the user's filtering and sampling settings, before
 * the buffer: it costs no memory and no egress, and it is not a loss ({@link DropReason} counts
 * losses).
 */
public enum Discard {

	/** Its event type is not kept ({@code O2_LOG_TYPES}, {@code O2_DROP_PLATFORM}). */
	FILTERED_BY_TYPE,

	/** Its level is below {@code O2_MIN_LEVEL}. */
	FILTERED_BY_LEVEL,

	/** Not chosen by the sampling of its level ({@code O2_SAMPLE_RATES}). */
	SAMPLED_OUT;

	/** The snake_case name used in diagnostics and the shutdown line. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
