package dev.o2ext.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads one output stream of a process into lines on a daemon thread. It never blocks in
 * {@code read}: it reads what {@code available()} reports and otherwise polls every 2 ms, counting
 * each empty poll. An empty poll that began after a moment proves that every byte written before
 * that moment has been handed on as a line, which is how the simulator emits
 * {@code platform.runtimeDone} only after the function's output (the process stream's
 * {@code read} and {@code available} share a lock, so a blocking reader would make that check block).
 */
final class OutputPump implements Runnable {

    private static final long POLL_MILLIS = 2;

    private final InputStream in;
    private final Process process;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private volatile long emptyPolls;

    OutputPump(InputStream in, Process process, Consumer<String> lines) {
        this.in = in;
        this.process = process;
        this.lines = lines;
    }

    /** How many times the pump found nothing to read; it only grows. */
    long emptyPolls() {
        return emptyPolls;
    }

    @Override
    public void run() {
        try (in) {
            while (true) {
                int available = in.available();
                if (available > 0) {
                    split(in.read(buffer, 0, Math.min(available, buffer.length)));
                } else if (process.isAlive()) {
                    emptyPolls++;
                    Thread.sleep(POLL_MILLIS);
                } else {
                    int read;
                    while ((read = in.read(buffer)) != -1) {
                        split(read);
                    }
                    if (partial.size() > 0) {
                        emit();
                    }
                    emptyPolls++;
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The stream closed with the process or the simulator; what was read is already handed on.
        }
    }

    private void split(int count) {
        for (int i = 0; i < count; i++) {
            if (buffer[i] == '\n') {
                emit();
            } else {
                partial.write(buffer[i]);
            }
        }
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
}
