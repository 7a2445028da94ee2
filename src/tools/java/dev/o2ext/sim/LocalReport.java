package dev.o2ext.sim;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The lines of {@link LocalLambda}'s summary that need more than a format string: the extension's
 * diagnostics in a few words, the processes' names and their output. Never prints a header or
 * an environment value.
 */
final class LocalReport {

    /** Extension output lines printed at most; the rest are counted. */
    static final int MAX_OUTPUT_LINES = 40;

    private static final int MAX_COMMAND_CHARS = 120;

    private static final Duration DIAGNOSTICS_TIMEOUT = Duration.ofSeconds(3);

    private LocalReport() {
    }

    /**
     * {@code GET http://127.0.0.1:PORT/diagnostics} of the extension, reduced to one line: counters,
     * flush latency and the last error; or why it could not be read.
     */
    static String diagnostics(int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(DIAGNOSTICS_TIMEOUT).build();
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/diagnostics")).timeout(DIAGNOSTICS_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return "unavailable (HTTP " + response.statusCode() + ")";
            }
            return compact(Json.MAPPER.readTree(response.body()));
        } catch (Exception e) {
            return "unavailable at 127.0.0.1:" + port + " (" + e.getClass().getSimpleName() + ")";
        } finally {
            client.close();
        }
    }

    /** The subset of the diagnostics document a person reads first. */
    static String compact(JsonNode doc) {
        JsonNode counters = doc.path("counters");
        JsonNode flush = doc.path("flush");
        JsonNode error = doc.path("lastError");
        return String.format(Locale.ROOT, "%d invocations, records received %d, shipped %d, queued %d, dropped %d, retries %d;"
                + " flushes p50 %.1f ms, max %.1f ms; last error: %s", doc.path("invocations").asLong(),
                counters.path("received").asLong(), counters.path("shipped").asLong(),
                counters.path("queued").asLong(), counters.path("droppedTotal").asLong(),
                counters.path("retries").asLong(), flush.path("p50Ms").asDouble(), flush.path("maxMs").asDouble(),
                error.isObject() ? error.path("description").asString("?") : "none");
    }

    /** A short name for a process: the file name of its executable, or of the jar or main class Java runs. */
    static String name(List<String> command) {
        String executable = Path.of(command.get(0)).getFileName().toString();
        if (!executable.equals("java") || command.size() < 2) {
            return executable;
        }
        String last = command.get(command.size() - 1);
        for (int i = 1; i < command.size(); i++) {
            if (command.get(i).equals("-jar") && i + 1 < command.size()) {
                return Path.of(command.get(i + 1)).getFileName().toString();
            }
        }
        return last.substring(last.lastIndexOf('.') + 1);
    }

    /** A command for the summary: as given when short, else its first word and its last two. */
    static String commandLine(List<String> command) {
        String whole = String.join(" ", command);
        if (whole.length() <= MAX_COMMAND_CHARS || command.size() <= 3) {
            return whole;
        }
        return command.get(0) + " … " + String.join(" ", command.subList(command.size() - 2, command.size()));
    }

    /** The processes' output lines, prefixed with their names, at most {@link #MAX_OUTPUT_LINES}. */
    static void output(PrintStream out, List<ExtensionProcess> processes) {
        List<String> lines = processes.stream()
                .flatMap(p -> p.output().stream().map(line -> "  " + name(p.command()) + "| " + line.text()))
                .toList();
        out.printf("extension output (%d lines):%n", lines.size());
        lines.stream().limit(MAX_OUTPUT_LINES).forEach(out::println);
        if (lines.size() > MAX_OUTPUT_LINES) {
            out.printf("  … %d more%n", lines.size() - MAX_OUTPUT_LINES);
        }
    }

    /** {@code name (pid N)} of the process with that pid, or {@code pid N}. */
    static String processName(List<ExtensionProcess> processes, long pid) {
        return processes.stream().filter(p -> p.pid() == pid).findFirst()
                .map(p -> name(p.command()) + " (pid " + pid + ")").orElse("pid " + pid);
    }
}
