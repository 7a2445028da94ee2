package dev.o2ext.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The processes of the simulated execution environment (the extensions and at most one function
 * runtime) and its frozen state. Freezing closes the
 * telemetry {@link DeliveryGate} first (waiting for POSTs in flight) and then stops every process,
 * so nothing is delivered into frozen time; thawing does the reverse. Called from the simulator's
 * control thread.
 */
final class Sandbox {

    private static final long IN_FLIGHT_WAIT_MILLIS = 2_000;

    private final boolean freezeEnabled;
    private final DeliveryGate gate;
    private final List<ExtensionProcess> processes = new CopyOnWriteArrayList<>();
    private volatile @Nullable ExtensionProcess function;
    private boolean frozen;

    Sandbox(boolean freezeEnabled, DeliveryGate gate) {
        this.freezeEnabled = freezeEnabled;
        this.gate = gate;
    }

    /**
     * Starts a process with Lambda's variables for extensions; the caller's {@code O2_*} and
     * {@code AWS_*} variables are not inherited, so a developer's shell cannot change a test.
     */
    ExtensionProcess launch(List<String> command, Map<String, String> lambdaEnvironment, Map<String, String> environment,
            Consumer<OutputLine> lines) throws IOException {
        ExtensionProcess process = ExtensionProcess.start(command, merge(lambdaEnvironment, environment), lines);
        processes.add(process);
        return process;
    }

    /** Starts the function's runtime process; there is at most one. */
    ExtensionProcess launchFunction(List<String> command, Map<String, String> lambdaEnvironment,
            Map<String, String> environment, Consumer<OutputLine> lines) throws IOException {
        if (function != null) {
            throw new IllegalStateException("the function process was already launched");
        }
        ExtensionProcess process = ExtensionProcess.start(command, merge(lambdaEnvironment, environment), lines);
        function = process;
        return process;
    }

    /** The extension processes. */
    List<ExtensionProcess> processes() {
        return List.copyOf(processes);
    }

    @Nullable ExtensionProcess function() {
        return function;
    }

    /** Extensions and the function process: what a freeze stops. */
    List<ExtensionProcess> allProcesses() {
        List<ExtensionProcess> all = new ArrayList<>(processes);
        ExtensionProcess current = function;
        if (current != null) {
            all.add(current);
        }
        return all;
    }

    synchronized boolean frozen() {
        return frozen;
    }

    synchronized void freeze() throws InterruptedException {
        if (!freezeEnabled || frozen) {
            return;
        }
        gate.close(IN_FLIGHT_WAIT_MILLIS);
        allProcesses().forEach(ExtensionProcess::freeze);
        frozen = true;
    }

    synchronized void thaw() {
        if (frozen) {
            allProcesses().forEach(ExtensionProcess::thaw);
            frozen = false;
        }
        gate.open();
    }

    /**
     * Runs the action with the processes running but telemetry still held back, as a debugger would
     * look into a paused environment; refreezes afterwards if it was frozen.
     */
    synchronized <T> T whileThawed(Callable<T> action) throws Exception {
        if (!frozen) {
            return action.call();
        }
        allProcesses().forEach(ExtensionProcess::thaw);
        try {
            return action.call();
        } finally {
            allProcesses().forEach(ExtensionProcess::freeze);
        }
    }

    void killAll() {
        allProcesses().forEach(ExtensionProcess::kill);
    }

    private static Map<String, String> merge(Map<String, String> lambdaEnvironment, Map<String, String> environment) {
        Map<String, String> merged = new LinkedHashMap<>(System.getenv());
        merged.keySet().removeIf(name -> name.startsWith("O2_") || name.startsWith("AWS_"));
        merged.putAll(lambdaEnvironment);
        merged.putAll(environment);
        return merged;
    }
}
