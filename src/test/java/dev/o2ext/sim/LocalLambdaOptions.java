package dev.o2ext.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link LocalLambda}. Commands are split on whitespace (no quoting).
 *
 * @param extensions one command per extension
 * @param function the function runtime's command, or null for a function that prints scripted lines
 * @param environment variables given to the extensions and the function
 */
record LocalLambdaOptions(
        List<List<String>> extensions,
        @Nullable List<String> function,
        int invocations,
        int linesPerInvocation,
        Map<String, String> environment,
        boolean freezing,
        boolean jsonLogFormat,
        Duration functionTimeout,
        Duration shutdownDeadline) {

    static final String USAGE = """
            usage: LocalLambda --extension "<command>" [--extension …] [--function "<command>"]
                   [--invocations N] [--lines N] [--env KEY=VALUE]… [--no-freeze] [--json-log-format]
                   [--function-timeout-ms N] [--shutdown-deadline-ms N]
            Runs the extensions (and the function's runtime, if given) under the Lambda platform simulator
            for N invocations (default 3; without --function each prints --lines scripted lines, default 5),
            shuts down and prints a summary. Exit status 0 when Init succeeded, every invocation completed
            and every extension exited before the shutdown deadline.""";

    /** Parses the arguments; throws {@link IllegalArgumentException} with the reason on a bad one. */
    static LocalLambdaOptions parse(String... args) {
        List<List<String>> extensions = new ArrayList<>();
        List<String> function = null;
        int invocations = 3;
        int lines = 5;
        Map<String, String> environment = new LinkedHashMap<>();
        boolean freezing = true;
        boolean jsonLogFormat = false;
        Duration functionTimeout = Duration.ofSeconds(30);
        Duration shutdownDeadline = LambdaSimulator.DEFAULT_SHUTDOWN_DEADLINE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--extension" -> extensions.add(command(value(args, ++i)));
                case "--function" -> function = command(value(args, ++i));
                case "--invocations" -> invocations = Integer.parseInt(value(args, ++i));
                case "--lines" -> lines = Integer.parseInt(value(args, ++i));
                case "--env" -> {
                    String pair = value(args, ++i);
                    int equals = pair.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--env needs KEY=VALUE, got " + pair);
                    }
                    environment.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
                case "--no-freeze" -> freezing = false;
                case "--json-log-format" -> jsonLogFormat = true;
                case "--function-timeout-ms" -> functionTimeout = Duration.ofMillis(Long.parseLong(value(args, ++i)));
                case "--shutdown-deadline-ms" -> shutdownDeadline = Duration.ofMillis(Long.parseLong(value(args, ++i)));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (extensions.isEmpty()) {
            throw new IllegalArgumentException("at least one --extension is needed");
        }
        return new LocalLambdaOptions(List.copyOf(extensions), function, invocations, lines, Map.copyOf(environment),
                freezing, jsonLogFormat, functionTimeout, shutdownDeadline);
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static List<String> command(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(part -> !part.isEmpty()).toList();
    }
}
