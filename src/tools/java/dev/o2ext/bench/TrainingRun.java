package dev.o2ext.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training session of the layer build: runs the extension through what it does on Lambda —
 * register, subscribe, invocations of text and JSON-format lines shipped over HTTPS to a fake
 * OpenObserve (one 503 and one 429 on the way), the diagnostics endpoint, a burst, and Shutdown —
 * so that a JVM started with {@code -XX:AOTMode=record} sees the classes and methods that matter.
 * Exits 0 only when every line arrived and the extension exited 0 at Shutdown, within the
 * Shutdown deadline (20 s; the recording JVM writes its AOT configuration then, ~2 s natively,
 * longer under emulation: {@code --shutdown-deadline SECONDS}).
 *
 * <pre>
 * java -cp … dev.o2ext.bench.TrainingRun --work DIR [--env NAME=VALUE]… [--plain-http] [--no-failures] [--invocations N] [--json-invocations N]
 *     [--burst N] [--shutdown-deadline SECONDS] [--quiet] -- COMMAND…
 * </pre>
 * {@code --env} variables go to the extension (the simulator passes no {@code O2_*} variable
 * of the caller's); the TLS trust store options are appended to {@code O2_JAVA_OPTS}.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        Path work = Path.of("target", "layer-work");
        boolean tls = true;
        boolean quiet = false;
        boolean failures = true;
        int invocations = 12;
        int jsonInvocations = 4;
        int burst = 5_000;
        Duration shutdownDeadline = Duration.ofSeconds(20);
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]);
                case "--env" -> {
                    String[] pair = args[++i].split("=", 2);
                    environment.put(pair[0], pair[1]);
                }
                case "--plain-http" -> tls = false;
                case "--quiet" -> quiet = true;
                case "--no-failures" -> failures = false;
                case "--invocations" -> invocations = Integer.parseInt(args[++i]);
                case "--json-invocations" -> jsonInvocations = Integer.parseInt(args[++i]);
                case "--burst" -> burst = Integer.parseInt(args[++i]);
                case "--shutdown-deadline" -> shutdownDeadline = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--" -> {
                    command.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("usage: TrainingRun [--work DIR] [--env N=V]… [--plain-http] -- COMMAND…");
        }
        SessionPlan plan = new SessionPlan(command, environment, 512, invocations, 40, jsonInvocations, burst, failures,
                tls ? work.resolve("tls") : null, "RSA", "O2_JAVA_OPTS", quiet ? null : "[training] ",
                shutdownDeadline);
        long start = System.nanoTime();
        SessionResult result = SessionRunner.run(plan);
        System.out.printf("training session: register %.0f ms, first next %.0f ms, %d of %d lines shipped%s (%d duplicates),"
                + " shutdown %.0f ms, exit %d, %.1f s in all%n", result.register(), result.firstNext(), result.shipped(),
                result.expected(), tls ? " over HTTPS" : "", result.duplicates(), result.shutdownMs(), result.exitCode(),
                (System.nanoTime() - start) / 1e9);
        if (!result.complete()) {
            System.err.println("training session incomplete; the extension printed:\n" + result.output());
            System.exit(1);
        }
        System.exit(0);
    }
}
