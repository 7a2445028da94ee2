package dev.o2ext.metrics;

import java.util.Locale;

/** What started a flush. */
public enum FlushTrigger {

	/** The end of init, before the first next. */
	INIT,

	/** {@code platform.runtimeDone} of the invocation in progress. */
	END_OF_INVOCATION,

	/** The buffer passed its threshold during an invocation. */
	CONTINUOUS,

	/** The timer during a long invocation. */
	PERIODIC,

	/** The SHUTDOWN event. */
	SHUTDOWN;

	/** The snake_case name used in diagnostics. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
