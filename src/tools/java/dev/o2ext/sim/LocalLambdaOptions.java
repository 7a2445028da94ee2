package dev.o2ext.sim;

import java.nio.file.Path;
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
 * @param layer the layer directory whose {@code extensions/} are started, or null for none
 * @param extensions extra extension commands, started after the layer's
 * @param function the function runtime's command, or null for scripted lines ({@code --lines})
 * @param scriptedLines lines the platform prints per invocation when there is no function process
 * @param events the invocation payloads, used in turn
 * @param environment the function configuration's variables, given to the extensions and the function
 * @param show how many of the stored function records the summary prints, with all their fields
 */
record LocalLambdaOptions(
        @Nullable Path layer,
        List<List<String>> extensions,
        @Nullable List<String> function,
        int scriptedLines,
        List<String> events,
        int invocations,
        Map<String, String> environment,
        boolean freezing,
        boolean jsonLogFormat,
        Duration functionTimeout,
        Duration shutdownDeadline,
        int show) {

    /** Stored records the summary prints unless {@code --show N} says otherwise. */
    static final int DEFAULT_SHOW = 3;

    static final Path DEFAULT_LAYER = Path.of("target/layer/x86_64");

    static final String SAMPLE_FUNCTION = "layer-build/local/sample-function/bootstrap";

    static final List<String> SAMPLE_EVENTS = List.of(
            "{\"orderId\":\"o-1001\",\"customer\":\"ada\",\"items\":2}",
            "{\"orderId\":\"o-1002\",\"customer\":\"grace\",\"items\":1}",
            "{\"orderId\":\"o-1003\",\"customer\":\"linus\",\"items\":5}");

    static final String USAGE = """
            usage: LocalLambda [--layer DIR | --no-layer] [--extension "<command>"]…
                   [--function "<command>" | --lines N] [--event JSON]… [--invocations N] [--env KEY=VALUE]…
                   [--no-freeze] [--json-log-format] [--function-timeout-ms N] [--shutdown-deadline-ms N] [--show N]
            A local Lambda: the platform simulator starts every executable in DIR/extensions/ (default
            target/layer/x86_64) and the --extension commands, then the function (default the sample
            layer-build/local/sample-function/bootstrap; --lines N: no function process, the platform prints
            N lines per invocation), invokes it N times (default: once per event; the sample events
            unless --event is given), freezes between invocations, shuts down and prints a summary.
            OpenObserve: the project's fake on a free port, unless O2_ENDPOINT is set (in the environment
            or with --env): then every O2_* variable of the environment is passed on and the data goes there.
            --env AWS_LAMBDA_EXEC_WRAPPER=/opt/… starts the function through that file of the layer.
            --show N: print the last N function records the fake stored, with all their fields (default 3).
            Exit status 0 when Init succeeded, every invocation completed, every extension exited before
            the shutdown deadline, nothing reported an error, the extension's shutdown line says that
            everything it received was shipped (none refused, dropped or left unsent, the OpenTelemetry
            items of its relay included) and, with the
            fake, every function line arrived. Otherwise 1, and "result: FAILED: <reasons>".""";

    /** Parses the arguments; throws {@link IllegalArgumentException} with the reason on a bad one. */
    static LocalLambdaOptions parse(String... args) {
        Path layer = DEFAULT_LAYER;
        List<List<String>> extensions = new ArrayList<>();
        List<String> function = List.of(SAMPLE_FUNCTION);
        boolean functionGiven = false;
        int lines = 0;
        List<String> events = new ArrayList<>();
        Integer invocations = null;
        Map<String, String> environment = new LinkedHashMap<>();
        boolean freezing = true;
        boolean jsonLogFormat = false;
        Duration functionTimeout = Duration.ofSeconds(30);
        Duration shutdownDeadline = LambdaSimulator.DEFAULT_SHUTDOWN_DEADLINE;
        int show = DEFAULT_SHOW;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--layer" -> layer = Path.of(value(args, ++i));
                case "--no-layer" -> layer = null;
                case "--extension" -> extensions.add(command(value(args, ++i)));
                case "--function" -> {
                    function = command(value(args, ++i));
                    functionGiven = true;
                }
                case "--lines" -> lines = positive(args, ++i);
                case "--event" -> events.add(value(args, ++i));
                case "--invocations" -> invocations = positive(args, ++i);
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
                case "--function-timeout-ms" -> functionTimeout = Duration.ofMillis(positive(args, ++i));
                case "--shutdown-deadline-ms" -> shutdownDeadline = Duration.ofMillis(positive(args, ++i));
                case "--show" -> show = positive(args, ++i);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (layer == null && extensions.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: --no-layer needs at least one --extension");
        }
        if (lines > 0) {
            if (functionGiven) {
                throw new IllegalArgumentException("--lines replaces the function process: not with --function");
            }
            function = null;
        }
        if (function != null && function.isEmpty()) {
            throw new IllegalArgumentException("--function needs a command");
        }
        List<String> payloads = events.isEmpty() ? SAMPLE_EVENTS : List.copyOf(events);
        return new LocalLambdaOptions(layer, List.copyOf(extensions), function, lines, payloads,
                invocations == null ? payloads.size() : invocations, Map.copyOf(environment), freezing, jsonLogFormat,
                functionTimeout, shutdownDeadline, show);
    }

    /** The payload of invocation {@code index} (from 0): the events in turn. */
    String event(int index) {
        return events.get(index % events.size());
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static int positive(String[] args, int index) {
        String text = value(args, index);
        try {
            int number = Integer.parseInt(text);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(args[index - 1] + " needs a positive number, got " + text);
    }

    private static List<String> command(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(part -> !part.isEmpty()).toList();
    }
}
