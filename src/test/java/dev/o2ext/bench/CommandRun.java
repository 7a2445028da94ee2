package dev.o2ext.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command of the layer tests run to its end: without the caller's {@code O2_*} and
 * {@code AWS_*} variables, with the given ones, no standard input, output and error together,
 * bounded by a timeout.
 *
 * @param exitCode the process's exit status
 * @param output what it printed
 */
record CommandRun(int exitCode, String output) {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static CommandRun of(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path output = Files.createTempFile("layer-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("O2_") || name.startsWith("AWS_"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + TIMEOUT);
            }
            return new CommandRun(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
