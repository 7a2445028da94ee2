package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs the exec wrapper's shell test ({@code layer-build/test/otel-instrument-test.sh}) as part
 * of the build, so that the Maven test run catches a broken wrapper.
 */
class OtelInstrumentScriptTest {

	@Test
	void theExecWrapperPassesItsShellTest() throws Exception {
		Path script = Path.of("layer-build", "test", "otel-instrument-test.sh");
		assertThat(Files.isRegularFile(script)).as("run from the project directory").isTrue();
		Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
		try {
			boolean ended = process.waitFor(60, TimeUnit.SECONDS);
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(ended).as("the shell test ended").isTrue();
			assertThat(process.exitValue()).as(output).isZero();
			assertThat(output).containsPattern("\\d+ passed, 0 failed");
		}
		finally {
			process.destroyForcibly();
		}
	}

}
