package dev.o2ext.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A process started by the simulator in the sandbox: an extension, or the function's runtime. Two
 * {@link OutputPump}s read its stdout and stderr line by line into memory and hand each line to the
 * simulator (which feeds it back as {@code extension} or {@code function} telemetry). Freezing
 * sends SIGSTOP/SIGCONT to the process and its descendants, as a paused microVM stops every
 * process in it.
 */
public final class ExtensionProcess {

    private final Process process;
    private final List<String> command;
    private final long startNanos;
    private final List<OutputLine> output = Collections.synchronizedList(new ArrayList<>());
    private final List<OutputPump> pumps = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> orphans = new CopyOnWriteArrayList<>();
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

    /**
     * Waits until everything the process wrote so far has been read and handed on as lines (both
     * pumps wait for new bytes and none are pending), or the deadline; true if drained.
     */
    boolean awaitOutputDrained(long deadlineNanos) throws InterruptedException {
        long[] before = pumps.stream().mapToLong(OutputPump::emptyPolls).toArray();
        for (int i = 0; i < before.length; i++) {
            while (pumps.get(i).emptyPolls() <= before[i]) {
                if (System.nanoTime() > deadlineNanos) {
                    return false;
                }
                Thread.sleep(1);
            }
        }
        return true;
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

    /**
     * SIGTERM, as Lambda tells the runtime to stop. Its descendants are remembered for
     * {@link #kill()}: a shell runtime that dies while waiting in {@code curl} leaves the child
     * behind, no longer its descendant, and on Lambda nothing outlives the sandbox.
     */
    void terminate() {
        process.descendants().forEach(orphans::add);
        process.destroy();
    }

    /** SIGKILL to the process, its descendants and those it had when terminated; a stopped process dies too. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        orphans.forEach(ProcessHandle::destroyForcibly);
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
        OutputPump pump = new OutputPump(in, process, text -> {
            OutputLine line = new OutputLine(pid(), stream, text, System.nanoTime());
            output.add(line);
            lines.accept(line);
        });
        pumps.add(pump);
        Thread thread = new Thread(pump, "sim-" + stream + "-" + pid());
        thread.setDaemon(true);
        thread.start();
    }
}
