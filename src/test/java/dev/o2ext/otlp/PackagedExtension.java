package dev.o2ext.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the relay's end-to-end tests start the packaged extension — the layer's launcher when the
 * build made the layer, else {@code java -jar} with the JDK that runs the tests (Failsafe passes
 * both paths) — and an environment pointing at a fake OpenObserve with free ports and quick
 * retries.
 */
final class PackagedExtension {

	static final String AUTHORIZATION = "Basic b3RscC1lMmU6c2VjcmV0LTQy";

	static final String ORGANIZATION = "otlp-e2e";

	private PackagedExtension() {
	}

	/** The layer's launcher when the build made one ({@code extension.command}), else {@code java -jar}. */
	static List<String> command() {
		String launcher = System.getProperty("extension.command", "");
		if (!launcher.isBlank()) {
			if (!Files.isRegularFile(Path.of(launcher))) {
				throw new IllegalStateException("the layer's launcher is missing (" + launcher + "): run mvn verify");
			}
			return List.of(Path.of(launcher).toAbsolutePath().toString());
		}
		String jar = System.getProperty("extension.jar", "");
		if (jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("the packaged extension is missing (" + jar + "): run mvn verify");
		}
		return List.of(System.getProperty("java.home") + "/bin/java", "-jar", jar);
	}

	static Map<String, String> environment(String endpoint, int otlpPort, int diagnosticsPort) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("O2_ORGANIZATION_ID", ORGANIZATION);
		env.put("O2_AUTHORIZATION_HEADER", AUTHORIZATION);
		env.put("O2_ENDPOINT", endpoint);
		env.put("O2_STREAM", "lambda_logs");
		env.put("O2_TELEMETRY_PORT", Integer.toString(freePort()));
		env.put("O2_DIAGNOSTICS_PORT", Integer.toString(diagnosticsPort));
		env.put("O2_OTLP_PORT", Integer.toString(otlpPort));
		env.put("O2_OTLP_TRACES_STREAM", "otel_traces");
		env.put("O2_OTLP_LOGS_STREAM", "otel_logs");
		env.put("O2_INITIAL_RETRY_DELAY_MS", "50");
		env.put("O2_MAX_RETRY_DELAY_MS", "200");
		return env;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
