package dev.o2ext.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The layer variants in a model of Lambda's sandbox ({@link Sandbox}): for each memory size and
 * variant, a cold page cache, a memory cgroup of that size, Init with the whole CPU, then
 * memory/1769 of a CPU for the invocations (text lines, frozen between invocations), and
 * optionally a stand-in function holding memory in the same group. Prints a Markdown table:
 * Max Memory Used (the group's peak, page cache included, as Lambda's REPORT line), start →
 * register and → first next, CPU per invocation (the extension's CPU from its first next to the
 * last invocation, divided by the invocations), post-runtime first / p50 / p99, whether Init
 * completed and every line arrived, OOM kills. A benchmark, not a test.
 *
 * <p>Arguments: {@code [--memory 128,1024] [--beside MB] [--invocations 30] [--lines 40]
 * NAME=COMMAND...} ({@code --beside 60}: one more row per variant at the first memory size with
 * a 60 MiB function beside it). Run as root, through {@code layer-build/benchmark.sh --sandbox}.
 */
public final class SandboxBenchmark {

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> memories = List.of(128, 1024);
        int beside = 0;
        int invocations = 30;
        int lines = 40;
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--memory" -> memories = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--beside" -> beside = Integer.parseInt(args[++i]);
                case "--invocations" -> invocations = Integer.parseInt(args[++i]);
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                default -> {
                    String[] pair = args[i].split("=", 2);
                    if (pair.length != 2) {
                        throw new IllegalArgumentException("expected NAME=COMMAND, got " + args[i]);
                    }
                    variants.put(pair[0], List.of(pair[1].trim().split(" +")));
                }
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%d invocations of %d lines (frozen between them), cold page cache, CPU = memory/1769 of one core after Init.%n%n",
                invocations, lines));
        table.append("| variant | memory MB | function beside MiB | Max Memory Used MiB | start → register ms | start → first next ms"
                + " | CPU ms per invocation | post-runtime first / p50 / p99 ms | Init, every line | OOM kills |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|\n");
        List<int[]> configurations = new ArrayList<>();
        memories.forEach(mb -> configurations.add(new int[] {mb, 0}));
        if (beside > 0) {
            configurations.add(new int[] {memories.get(0), beside});
        }
        for (int[] configuration : configurations) {
            for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                table.append(row(variant.getKey(), variant.getValue(), configuration[0], configuration[1], invocations, lines))
                        .append('\n');
                System.err.println(table.substring(table.lastIndexOf("\n", table.length() - 2) + 1).trim());
            }
        }
        System.out.println(table);
    }

    private static String row(String name, List<String> command, int memoryMb, int besideMb, int invocations, int lines)
            throws Exception {
        String cells;
        try (Sandbox sandbox = Sandbox.create("o2-sandbox-" + name.replaceAll("[^A-Za-z0-9-]", "-"), memoryMb)) {
            Sandbox.dropPageCache();
            if (besideMb > 0) {
                sandbox.holdFunctionMemory(besideMb);
            }
            boolean launcher = command.get(command.size() - 1).endsWith("/extensions/o2-lambda-extension");
            SessionPlan plan = new SessionPlan(sandbox.wrap(command), Map.of(), memoryMb, invocations, lines, 0, 0, false,
                    null, "EC", launcher ? "O2_JAVA_OPTS" : "JAVA_TOOL_OPTIONS", null, Duration.ofSeconds(2));
            try {
                SessionResult result = SessionRunner.run(plan, sandbox::throttle);
                List<Double> postRuntime = result.postRuntimeMs();
                cells = String.format(Locale.ROOT, "%.0f | %.0f | %.0f | %.2f | %.0f / %.1f / %.1f | %s", sandbox.maxMemoryUsedMib(),
                        result.register(), result.firstNext(), (result.cpuTotal() - result.cpuAtFirstNext()) * 1000 / invocations,
                        result.firstPostRuntime(), Stats.percentile(postRuntime, 50), Stats.percentile(postRuntime, 99),
                        result.complete() ? "yes" : "NO (" + result.shortfall().replace('|', '/') + ")");
            } catch (SessionRunner.SessionFailure failure) {
                cells = String.format(Locale.ROOT, "%.0f | – | – | – | – | NO: %s", sandbox.maxMemoryUsedMib(),
                        failure.getMessage().lines().findFirst().orElse("").replace('|', '/'));
            }
            cells += " | " + sandbox.oomKills();
        }
        return String.format(Locale.ROOT, "| %s | %d | %s | %s |", name, memoryMb, besideMb == 0 ? "–" : Integer.toString(besideMb), cells);
    }

}
