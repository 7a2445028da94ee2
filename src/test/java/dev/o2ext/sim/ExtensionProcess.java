package dev.o2ext.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An extension process started by the simulator. Two daemon threads read its stdout and stderr
 * line by line into memory and hand each line to the simulator (which feeds it back as
 * {@code extension} telemetry). Freezing sends SIGSTOP/SIGCONT to the process and its
 * descendants, as a paused microVM stops every process in it.
 */
public final class ExtensionProcess {

    private final Process process;
    private final List<String> command;
    private final long startNanos;
    private final List<OutputLine> output = Collections.synchronizedList(new ArrayList<>());
    private volatile long exitNanos;

    private ExtensionProcess(Process process, List<String> command, long startNanos) {
        this.process = process;
        this.command = List.copyOf(command);
        this.startNanos = startNanos;
    }

    /** Starts the command with exactly the given environment; {@code lines} gets every output line. */
    static ExtensionProcess start(List<String> command, Map<String, String> environment, Consumer<OutputLine> lines)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        long startNanos = System.nanoTime();
        ExtensionProcess started = new ExtensionProcess(builder.start(), command, startNanos);
        started.pump("stdout", started.process.getInputStream(), lines);
        started.pump("stderr", started.process.getErrorStream(), lines);
        started.process.onExit().thenRun(() -> started.exitNanos = System.nanoTime());
        return started;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    /** When the simulator started it ({@link System#nanoTime()}). */
    public long startNanos() {
        return startNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status once it exited. */
    public OptionalLong exitCode() {
        return process.isAlive() ? OptionalLong.empty() : OptionalLong.of(process.exitValue());
    }

    /** When the exit was noticed ({@link System#nanoTime()}); 0 while it runs. */
    public long exitNanos() {
        return exitNanos;
    }

    /** Everything it wrote so far, both streams, in arrival order. */
    public List<OutputLine> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Its output as text, one line per line, for assertions and failure messages. */
    public String outputText() {
        return output().stream().map(line -> line.stream() + "| " + line.text()).collect(Collectors.joining("\n"));
    }

    /**
     * The peak resident set size (VmHWM) in KiB from {@code /proc/<pid>/status}; empty when the
     * process is gone or the system has no procfs.
     */
    public OptionalLong peakRssKib() {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid()), "status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Waits for the exit until the deadline; true if it exited. */
    public boolean awaitExit(long deadlineNanos) throws InterruptedException {
        return process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    void freeze() {
        signal("-STOP");
    }

    void thaw() {
        signal("-CONT");
    }

    /** SIGKILL to the process and its descendants; a stopped process dies too. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            return;
        }
        List<String> kill = new ArrayList<>(List.of("kill", signal, Long.toString(pid())));
        process.descendants().forEach(child -> kill.add(Long.toString(child.pid())));
        try {
            Process sender = new ProcessBuilder(kill).redirectErrorStream(true).start();
            if (!sender.waitFor(5, TimeUnit.SECONDS)) {
                sender.destroyForcibly();
                throw new IllegalStateException("kill " + signal + " did not finish");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send " + signal + " to " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + signal, e);
        }
    }

    private void pump(String stream, InputStream in, Consumer<OutputLine> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String text;
                while ((text = reader.readLine()) != null) {
                    OutputLine line = new OutputLine(pid(), stream, text, System.nanoTime());
                    output.add(line);
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The process is gone; what it wrote is already recorded.
            }
        }, "sim-" + stream + "-" + pid());
        thread.setDaemon(true);
        thread.start();
    }
}
