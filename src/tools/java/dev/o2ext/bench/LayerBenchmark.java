package dev.o2ext.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Start-up and footprint benchmark of extension commands (the layer's launcher, variants of it,
 * the fat jar as a baseline) under the Lambda simulator. Each run is a fresh session: launch
 * during Init, {@code --invocations} invocations of {@code --lines} text lines with 25 ms
 * telemetry buffering, a burst of {@code --burst} lines, Shutdown. Variants take turns run by
 * run, each run starting with the next one, so that drift of the machine and the position in a
 * round spread over all of them. Prints a Markdown table: the
 * median of each figure with its range over the runs in brackets; post-runtime percentiles are
 * over the invocations of all runs.
 *
 * <pre>
 * java -cp … dev.o2ext.bench.LayerBenchmark [--runs N] [--invocations N] [--lines N] [--burst N]
 *     [--memory MB] [--pin CPU] [--https] [--out FILE] NAME=COMMAND… [NAME=COMMAND…]
 * </pre>
 * {@code --https}: OpenObserve behind a TLS front with an EC certificate, as a real endpoint is
 * (the trust store goes to a layer launcher in {@code O2_JAVA_OPTS}, to other commands in
 * {@code JAVA_TOOL_OPTIONS}); the front is one more loopback hop for every request.
 * A command is split at spaces. {@code --pin CPU} prefixes every command with
 * {@code taskset -c CPU} (run the driver itself pinned to another CPU).
 */
public final class LayerBenchmark {

    private LayerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int invocations = 100;
        int lines = 40;
        int burst = 20_000;
        int memory = 512;
        String pin = null;
        Path out = null;
        boolean https = false;
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--invocations" -> invocations = Integer.parseInt(args[++i]);
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                case "--burst" -> burst = Integer.parseInt(args[++i]);
                case "--memory" -> memory = Integer.parseInt(args[++i]);
                case "--pin" -> pin = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--https" -> https = true;
                default -> {
                    String[] pair = args[i].split("=", 2);
                    if (pair.length != 2) {
                        throw new IllegalArgumentException("expected NAME=COMMAND, got " + args[i]);
                    }
                    List<String> command = new ArrayList<>();
                    if (pin != null) {
                        command.addAll(List.of("taskset", "-c", pin));
                    }
                    command.addAll(List.of(pair[1].trim().split(" +")));
                    variants.put(pair[0], command);
                }
            }
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("no NAME=COMMAND given");
        }

        Map<String, List<SessionResult>> results = new LinkedHashMap<>();
        variants.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        List<Map.Entry<String, List<String>>> order = new ArrayList<>(variants.entrySet());
        // the TLS front's key material, made again for each session in one directory
        Path tlsDirectory = https ? Files.createTempDirectory("o2-bench-tls") : null;
        for (int run = 1; run <= runs; run++) {
            // each run starts with another variant: a position in the round does not favour one
            java.util.Collections.rotate(order, -1);
            for (Map.Entry<String, List<String>> variant : order) {
                List<String> command = variant.getValue();
                boolean launcher = command.get(command.size() - 1).endsWith("/extensions/o2-lambda-extension");
                SessionPlan plan = new SessionPlan(command, Map.of(), memory, invocations, lines, 0, burst, false,
                        tlsDirectory, "EC",
                        launcher ? "O2_JAVA_OPTS" : "JAVA_TOOL_OPTIONS", null, Duration.ofMillis(2_000));
                SessionResult result = SessionRunner.run(plan);
                results.get(variant.getKey()).add(result);
                if (Boolean.getBoolean("bench.postRuntime")) {
                    System.err.println("post-runtime ms by invocation: " + result.postRuntimeMs().stream()
                            .map(ms -> String.format(Locale.ROOT, "%.0f", ms)).toList());
                }
                System.err.printf(Locale.ROOT, "run %d %-22s register %6.0f ms  first next %6.0f ms  cpu %.2f s (%.2f s after)  peak %5.1f MiB"
                        + "  post-runtime p50 %5.1f ms  burst %6.0f rec/s  %d/%d lines%s%n", run, variant.getKey(),
                        result.register(), result.firstNext(), result.cpuAtFirstNext(),
                        result.cpuTotal() - result.cpuAtFirstNext(), result.peakRss(),
                        Stats.percentile(result.postRuntimeMs(), 50), result.burstRecordsPerSecond(), result.shipped(),
                        result.expected(), result.complete() ? "" : "  INCOMPLETE (" + result.shortfall() + ")");
            }
        }
        if (tlsDirectory != null) {
            try (var files = Files.walk(tlsDirectory)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        String table = table(results, runs, invocations, lines, burst, pin, https);
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table);
        }
        boolean incomplete = results.values().stream().flatMap(List::stream).anyMatch(r -> !r.complete());
        System.exit(incomplete ? 1 : 0);
    }

    private static String table(Map<String, List<SessionResult>> results, int runs, int invocations, int lines,
            int burst, String pin, boolean https) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%d runs per variant%s; %d invocations of %d lines (25 ms buffering), burst of %d lines%s.%n%n",
                runs, pin == null ? "" : ", extension pinned to CPU " + pin, invocations, lines, burst,
                https ? ", OpenObserve over HTTPS" : ""));
        text.append("| variant | start → register ms | start → first next ms | CPU s to first next | RSS after Init MiB"
                + " | idle RSS MiB | peak RSS MiB | anon RSS at end MiB | first post-runtime ms | post-runtime p50 / p99 ms | burst records/s | shutdown ms | complete |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<SessionResult>> entry : results.entrySet()) {
            List<SessionResult> list = entry.getValue();
            List<Double> postRuntime = list.stream().flatMap(r -> r.postRuntimeMs().stream()).toList();
            text.append("| ").append(entry.getKey())
                    .append(" | ").append(cell(list, SessionResult::register, "%.0f"))
                    .append(" | ").append(cell(list, SessionResult::firstNext, "%.0f"))
                    .append(" | ").append(cell(list, SessionResult::cpuAtFirstNext, "%.2f"))
                    .append(" | ").append(cell(list, SessionResult::rssAfterInit, "%.0f"))
                    .append(" | ").append(cell(list, SessionResult::idleRss, "%.0f"))
                    .append(" | ").append(cell(list, SessionResult::peakRss, "%.0f"))
                    .append(" | ").append(cell(list, SessionResult::anonRss, "%.0f"))
                    .append(" | ").append(cell(list, SessionResult::firstPostRuntime, "%.0f"))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f / %.1f", Stats.percentile(postRuntime, 50),
                            Stats.percentile(postRuntime, 99)))
                    .append(" | ").append(cell(list, SessionResult::burstRecordsPerSecond, "%.0f"))
                    .append(" | ").append(cell(list, SessionResult::shutdownMs, "%.0f"))
                    .append(" | ").append(list.stream().filter(SessionResult::complete).count()).append('/')
                    .append(list.size()).append(" |\n");
        }
        return text.toString();
    }

    private static String cell(List<SessionResult> results, ToDoubleFunction<SessionResult> metric, String format) {
        List<Double> values = results.stream().map(metric::applyAsDouble).toList();
        return String.format(Locale.ROOT, format + " [" + format + "–" + format + "]", Stats.percentile(values, 50),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
}
