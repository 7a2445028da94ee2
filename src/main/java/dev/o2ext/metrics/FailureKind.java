package dev.o2ext.metrics;

import java.util.Locale;

/** How one attempt to deliver a batch failed. */
public enum FailureKind {

	/** 408, 429 or 5xx. */
	RETRYABLE_STATUS,

	/** Connection refused, reset or closed early; DNS or TLS failure. */
	CONNECTION,

	/** No answer within the attempt's time. */
	TIMEOUT,

	/** 400, 401, 403, 404, 415: the batch is not retried. */
	FINAL_STATUS,

	/** 413: the batch is split. */
	TOO_LARGE,

	/** 200 with fewer records counted than sent. */
	SILENT_DROP,

	/** 200 with records counted in {@code failed}. */
	PARTIAL;

	/** The snake_case name used in diagnostics. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
