package dev.o2ext.otlp;

import java.util.Locale;

/**
 * The three OTLP signals with what the relay needs to know about each: the receiver's path,
 * OpenObserve's path, the JSON names of the nested lists down to the counted items, and the
 * protobuf field numbers of the same path (the resource list is field 1 of every
 * {@code Export…ServiceRequest}; the scope list is field 2 of every resource entry; the items
 * are field 2 of every scope entry). Metrics are counted in data points, as OTLP's
 * {@code partial_success} counts them.
 */
public enum OtlpSignal {

	TRACES("resourceSpans", "scopeSpans", "spans"),

	LOGS("resourceLogs", "scopeLogs", "logRecords"),

	METRICS("resourceMetrics", "scopeMetrics", "metrics");

	private final String resourceKey;

	private final String scopeKey;

	private final String itemKey;

	OtlpSignal(String resourceKey, String scopeKey, String itemKey) {
		this.resourceKey = resourceKey;
		this.scopeKey = scopeKey;
		this.itemKey = itemKey;
	}

	/** {@code traces}, {@code metrics} or {@code logs}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The receiver's path, e.g. {@code /v1/traces}. */
	public String receiverPath() {
		return "/v1/" + key();
	}

	/** The name of this signal's delivery lane, e.g. {@code otlp_traces}. */
	public String laneName() {
		return "otlp_" + key();
	}

	/** OpenObserve's organization-relative path, e.g. {@code v1/traces}. */
	public String openObservePath() {
		return "v1/" + key();
	}

	/** JSON name of the top-level list, e.g. {@code resourceSpans}. */
	String resourceKey() {
		return this.resourceKey;
	}

	/** JSON name of the list in each resource entry, e.g. {@code scopeSpans}. */
	String scopeKey() {
		return this.scopeKey;
	}

	/** JSON name of the list in each scope entry, e.g. {@code spans}. */
	String itemKey() {
		return this.itemKey;
	}

}
