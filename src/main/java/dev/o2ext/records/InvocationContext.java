package dev.o2ext.records;

import org.jspecify.annotations.Nullable;

/**
 * What the records of one invocation carry: the X-Ray trace id (INVOKE's {@code tracing}, or
 * {@code platform.start}'s) as {@code xray_trace_id} and in W3C form as {@code trace_id}, the
 * qualifier of the invoked ARN (an alias or a version) as {@code function_qualifier}, and
 * whether it is the sandbox's first invocation ({@code faas_coldstart}). The derived values are
 * computed once, here, not per record. Immutable.
 */
public final class InvocationContext {

	private final String requestId;

	private final @Nullable String xrayTraceId;

	private final @Nullable String traceId;

	private final @Nullable String qualifier;

	private final boolean coldStart;

	/**
	 * @param requestId the request id
	 * @param traceHeader the X-Ray trace header ({@code Root=1-…;Parent=…;Sampled=1}), or {@code null}
	 * @param invokedArn the ARN invoked ({@code arn:aws:lambda:region:account:function:name[:qualifier]}), or {@code null}
	 * @param coldStart whether this is the first invocation of the sandbox
	 */
	public InvocationContext(String requestId, @Nullable String traceHeader, @Nullable String invokedArn,
			boolean coldStart) {
		this.requestId = requestId;
		this.xrayTraceId = TraceIds.xrayRoot(traceHeader);
		this.traceId = TraceIds.w3c(this.xrayTraceId);
		this.qualifier = (invokedArn != null) ? part(invokedArn, 7) : null;
		this.coldStart = coldStart;
	}

	public String requestId() {
		return this.requestId;
	}

	/** The X-Ray trace id, e.g. {@code 1-5759e988-bd862e3fe1be46a994272793}, or {@code null}. */
	public @Nullable String xrayTraceId() {
		return this.xrayTraceId;
	}

	/** The same id in W3C form (32 hex digits), or {@code null}. */
	public @Nullable String traceId() {
		return this.traceId;
	}

	/** The qualifier of the invoked ARN, or {@code null} when it was invoked unqualified. */
	public @Nullable String qualifier() {
		return this.qualifier;
	}

	public boolean coldStart() {
		return this.coldStart;
	}

	/** The n-th ':'-separated part of an ARN, or {@code null}. */
	static @Nullable String part(String arn, int n) {
		int start = 0;
		for (int i = 0; i < n; i++) {
			start = arn.indexOf(':', start) + 1;
			if (start == 0) {
				return null;
			}
		}
		int end = arn.indexOf(':', start);
		String part = arn.substring(start, (end < 0) ? arn.length() : end);
		return part.isEmpty() ? null : part;
	}

}
