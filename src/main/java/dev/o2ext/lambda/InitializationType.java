package dev.o2ext.lambda;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How Lambda initialised this execution environment, from {@code AWS_LAMBDA_INITIALIZATION_TYPE}.
 * It decides which events the extension registers for and how the lifecycle runs: in
 * {@link #MANAGED_INSTANCES} the platform refuses an INVOKE registration
 * ({@code 403 Extension.InvalidEventType}), sends no {@code platform.runtimeDone}, runs many
 * invocations at once and never freezes the environment, so the extension ships continuously
 * instead of at the end of each invocation. An unknown or missing value is {@link #ON_DEMAND}.
 */
public enum InitializationType {

	ON_DEMAND("on-demand"),

	PROVISIONED_CONCURRENCY("provisioned-concurrency"),

	SNAP_START("snap-start"),

	MANAGED_INSTANCES("lambda-managed-instances");

	/** The variable Lambda sets for extensions and the runtime. */
	public static final String VARIABLE = "AWS_LAMBDA_INITIALIZATION_TYPE";

	private final String value;

	InitializationType(String value) {
		this.value = value;
	}

	/** The variable's value, e.g. {@code lambda-managed-instances}. */
	public String value() {
		return this.value;
	}

	/** The events to register for: SHUTDOWN only where INVOKE cannot be registered. */
	public List<String> events() {
		return (this == MANAGED_INSTANCES) ? List.of("SHUTDOWN") : List.of("INVOKE", "SHUTDOWN");
	}

	/** Whether invocations run one at a time, each announced by INVOKE and ended by {@code platform.runtimeDone}. */
	public boolean invocationEvents() {
		return this != MANAGED_INSTANCES;
	}

	/** The type named by the environment; {@link #ON_DEMAND} when unset or unknown. */
	public static InitializationType from(Map<String, String> env) {
		return of(env.get(VARIABLE));
	}

	static InitializationType of(@Nullable String value) {
		if (value != null) {
			String trimmed = value.trim().toLowerCase(Locale.ROOT);
			for (InitializationType type : values()) {
				if (type.value.equals(trimmed)) {
					return type;
				}
			}
		}
		return ON_DEMAND;
	}

}
