package dev.o2ext.config;

import java.util.logging.Level;

import dev.o2ext.lambda.InitializationType;

/**
 * The whole, validated configuration of the extension; immutable, built once by
 * {@link ConfigLoader} before the Spring context starts. Its {@code toString()} masks the
 * authorization header.
 *
 * @param openObserve delivery target
 * @param retry retry limits
 * @param buffer buffer and batch bounds
 * @param flush flush points and budgets
 * @param telemetry Telemetry API listener and subscription
 * @param diagnosticsPort loopback port of the diagnostics endpoint, 0 for none
 * @param logLevel level of the extension's own log lines
 * @param extensionName name registered with the Extensions API
 * @param function the function served
 * @param otlp the OpenTelemetry relay
 * @param metrics the platform metrics
 * @param initialization how Lambda initialised the environment ({@code AWS_LAMBDA_INITIALIZATION_TYPE})
 * @param authorizationSource where the authorization header comes from (its value is in {@code openObserve})
 * @param logs how lines are parsed and joined into records
 * @param filter what is left out of and redacted in the records before the buffer
 * @param circuit when a lane stops making invocations wait for a failing OpenObserve
 * @param spill the spill to {@code /tmp} ({@code O2_SPILL_MAX_MB})
 */
public record ExtensionConfig(OpenObserveSettings openObserve, RetrySettings retry, BufferSettings buffer,
		FlushSettings flush, TelemetrySettings telemetry, int diagnosticsPort, Level logLevel, String extensionName,
		FunctionInfo function, OtlpSettings otlp, MetricsSettings metrics, InitializationType initialization,
		AuthorizationSource authorizationSource, LogSettings logs, FilterSettings filter,
		CircuitSettings circuit, SpillSettings spill) {
}
