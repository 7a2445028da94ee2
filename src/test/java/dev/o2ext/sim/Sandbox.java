package dev.o2ext.sim;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The processes of the simulated execution environment and its frozen state. Freezing closes the
 * telemetry {@link DeliveryGate} first (waiting for POSTs in flight) and then stops every process,
 * so nothing is delivered into frozen time; thawing does the reverse. Called from the simulator's
 * control thread.
 */
final class Sandbox {

    private static final long IN_FLIGHT_WAIT_MILLIS = 2_000;

    private final boolean freezeEnabled;
    private final DeliveryGate gate;
    private final List<ExtensionProcess> processes = new CopyOnWriteArrayList<>();
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
        Map<String, String> merged = new LinkedHashMap<>(System.getenv());
        merged.keySet().removeIf(name -> name.startsWith("O2_") || name.startsWith("AWS_"));
        merged.putAll(lambdaEnvironment);
        merged.putAll(environment);
        ExtensionProcess process = ExtensionProcess.start(command, merged, lines);
        processes.add(process);
        return process;
    }

    List<ExtensionProcess> processes() {
        return List.copyOf(processes);
    }

    synchronized boolean frozen() {
        return frozen;
    }

    synchronized void freeze() throws InterruptedException {
        if (!freezeEnabled || frozen) {
            return;
        }
        gate.close(IN_FLIGHT_WAIT_MILLIS);
        processes.forEach(ExtensionProcess::freeze);
        frozen = true;
    }

    synchronized void thaw() {
        if (frozen) {
            processes.forEach(ExtensionProcess::thaw);
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
        processes.forEach(ExtensionProcess::thaw);
        try {
            return action.call();
        } finally {
            processes.forEach(ExtensionProcess::freeze);
        }
    }

    void killAll() {
        processes.forEach(ExtensionProcess::kill);
    }
}
