package dev.o2ext.lambda;

import java.util.List;

/** Protocol constants of the Extensions API and the Telemetry API, in one place. */
public final class LambdaApi {

	public static final String RUNTIME_API_VARIABLE = "AWS_LAMBDA_RUNTIME_API";

	/**
	 * Set by the layer's launcher when it has registered the extension itself, before the JVM
	 * started: the identifier the platform answered. Internal; the launcher clears any value the
	 * function's configuration gives it.
	 */
	public static final String PRE_REGISTERED_ID_VARIABLE = "O2_REGISTERED_EXTENSION_ID";

	/** The register answer's {@code accountId}, passed on by the launcher that registered. */
	public static final String PRE_REGISTERED_ACCOUNT_VARIABLE = "O2_REGISTERED_ACCOUNT_ID";

	public static final String REGISTER_PATH = "/2020-01-01/extension/register";

	public static final String NEXT_PATH = "/2020-01-01/extension/event/next";

	public static final String INIT_ERROR_PATH = "/2020-01-01/extension/init/error";

	public static final String TELEMETRY_PATH = "/2022-07-01/telemetry";

	public static final String NAME_HEADER = "Lambda-Extension-Name";

	public static final String IDENTIFIER_HEADER = "Lambda-Extension-Identifier";

	public static final String ACCEPT_FEATURE_HEADER = "Lambda-Extension-Accept-Feature";

	public static final String ERROR_TYPE_HEADER = "Lambda-Extension-Function-Error-Type";

	public static final String TELEMETRY_SCHEMA_VERSION = "2025-01-29";

	/** The path our listener serves and puts in the subscription's destination. */
	public static final String TELEMETRY_LISTENER_PATH = "/telemetry";

	/** The {@code platform.*} event types of the Telemetry API (schema 2025-01-29). */
	public static final List<String> PLATFORM_EVENT_TYPES = List.of("platform.initStart", "platform.initRuntimeDone",
			"platform.initReport", "platform.start", "platform.runtimeDone", "platform.report", "platform.extension",
			"platform.telemetrySubscription", "platform.logsDropped", "platform.restoreStart",
			"platform.restoreRuntimeDone", "platform.restoreReport");

	public static final String CONFIG_INVALID = "Extension.ConfigInvalid";

	public static final String INIT_FAILED = "Extension.InitFailed";

	public static final String TELEMETRY_NOT_SUPPORTED = "Telemetry.NotSupported";

	private LambdaApi() {
	}

}
