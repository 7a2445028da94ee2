package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link LocalLambda} end to end with the mini extension and the mini runtime as processes. */
class LocalLambdaIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
            + System.getProperty("java.class.path") + " ";

    @Test
    void runsAnExtensionAndAFunctionAndSummarisesWhatThePlatformSaw() throws Exception {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();

        int status = LocalLambda.run(LocalLambdaOptions.parse("--extension", JAVA + MiniExtension.class.getName() + " mini",
                "--function", JAVA + MiniRuntime.class.getName(), "--invocations", "2", "--json-log-format"),
                new PrintStream(summary, true, StandardCharsets.UTF_8));

        String text = summary.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(text).contains("init: READY", "invocation local-1: completed, runtime success",
                "invocation local-2: completed", "2 function lines", "exit 0", "(before the deadline)", "errors: none");
    }
}
