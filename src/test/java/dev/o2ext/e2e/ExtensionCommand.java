package dev.o2ext.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The command that starts the extension under test: the launcher in the system property
 * {@code extension.command} when set (the layer build uses that), otherwise
 * {@code java -jar ${extension.jar}} with the JDK running the tests.
 */
final class ExtensionCommand {

    private ExtensionCommand() {
    }

    static List<String> resolve() {
        String launcher = System.getProperty("extension.command", "");
        if (!launcher.isBlank()) {
            return List.of(existing(Path.of(launcher)).toString());
        }
        String jar = System.getProperty("extension.jar", "");
        if (jar.isBlank()) {
            throw new IllegalStateException("set the system property extension.jar (Failsafe does) or extension.command");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // as the layer's launcher: the exit does not wait for threads in native code (docs/rationale.md)
        return List.of(java.toString(), "-XX:UserThreadWaitAttemptsAtExit=0", "-jar", existing(Path.of(jar)).toString());
    }

    private static Path existing(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path.toAbsolutePath() + " does not exist; run `mvn package` first");
        }
        return path.toAbsolutePath();
    }
}
