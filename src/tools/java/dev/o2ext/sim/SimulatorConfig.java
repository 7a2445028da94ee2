package dev.o2ext.sim;

import org.jspecify.annotations.Nullable;

/**
 * The simulated function and the simulator's switches; built by {@link LambdaSimulator.Builder}.
 *
 * @param defaultBuffering the buffering of a subscription that leaves it out
 * @param freezeEnabled whether processes get SIGSTOP between events (as Lambda freezes the microVM)
 * @param telemetrySupported false answers subscriptions with 202 {@code Telemetry.NotSupported}, like local emulators
 * @param echoPrefix when set, every line of an extension's output is echoed to System.out with this prefix
 * @param expectedExtensions how many extensions Init waits for; 0 means as many as were launched (at least one)
 * @param jsonLogFormat whether a function process's output line that is a JSON object becomes an object record
 * @param initializationType {@code AWS_LAMBDA_INITIALIZATION_TYPE}: {@code on-demand}, or
 *        {@value #MANAGED_INSTANCES} (INVOKE cannot be registered, invocations overlap, no
 *        {@code platform.runtimeDone}, nothing is frozen)
 */
public record SimulatorConfig(
        String functionName,
        String functionVersion,
        String region,
        int memorySizeMb,
        String accountId,
        String handler,
        String runtimeVersion,
        Buffering defaultBuffering,
        boolean freezeEnabled,
        boolean telemetrySupported,
        @Nullable String echoPrefix,
        int expectedExtensions,
        boolean jsonLogFormat,
        String initializationType) {

    /** The initialization type of Lambda Managed Instances. */
    public static final String MANAGED_INSTANCES = "lambda-managed-instances";

    /** Whether this is a Lambda Managed Instances environment. */
    public boolean managedInstances() {
        return MANAGED_INSTANCES.equals(initializationType);
    }

    public String functionArn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }
}
