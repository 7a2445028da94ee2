package dev.o2ext.sim;

/**
 * What the function does in one invocation, between INVOKE and {@code platform.runtimeDone}:
 * print scripted lines, or hand the event to a function process over the Runtime API and wait for
 * its answer. Called on the simulator's control thread.
 */
interface FunctionRun {

    /** How the runtime ended the invocation. */
    record Outcome(String status, String errorType, String response) {

        static Outcome success(String response) {
            return new Outcome("success", "", response);
        }

        /** The function ran until the invocation's deadline, as Lambda reports it. */
        static Outcome timedOut() {
            return new Outcome("timeout", "Sandbox.Timedout", "");
        }
    }

    /**
     * Runs the function for the request; every line it prints goes to {@code output}.
     *
     * @param deadlineNanos when the invocation times out ({@link System#nanoTime()})
     */
    Outcome run(Invoker.Request request, long deadlineNanos, FunctionOutput output) throws InterruptedException;

    /** Where the function's lines go: into the telemetry and the invocation's result. */
    interface FunctionOutput {
        void line(TelemetryEvent event);
    }
}
