package dev.o2ext.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The extension's jar (system property {@code extension.jar}) holds none of the tools
 * ({@code src/tools/java}, compiled into the directory {@code tools.classes}) and none of the
 * libraries that only they or the tests use: the native executable and both layers are made from
 * this jar, so what it lacks they lack.
 */
class PackagedJarIT {

    /** What only the tools (the fake OpenObserve decodes OTLP) and the tests load. */
    private static final List<String> NOT_THE_EXTENSIONS = List.of("opentelemetry-proto-", "protobuf-java-",
            "junit-", "assertj-", "wiremock-");

    @Test
    void holdsNoClassOfTheTools() throws IOException {
        Set<String> entries = entries();
        List<String> tools = toolClasses();

        assertThat(tools).as("the compiled tools").contains("dev/o2ext/sim/LocalLambda.class",
                "dev/o2ext/bench/TrainingRun.class", "dev/o2ext/fakeo2/FakeOpenObserve.class");
        assertThat(entries).as("the jar's classes").contains("BOOT-INF/classes/dev/o2ext/O2LambdaExtension.class");
        assertThat(tools).as("tool classes in the jar").noneMatch(name -> entries.contains("BOOT-INF/classes/" + name));
    }

    @Test
    void holdsNoLibraryThatOnlyTheToolsOrTheTestsUse() throws IOException {
        List<String> libraries = entries().stream().filter(name -> name.startsWith("BOOT-INF/lib/"))
                .map(name -> name.substring("BOOT-INF/lib/".length())).toList();

        assertThat(libraries).as("the jar's libraries").anyMatch(name -> name.startsWith("jackson-databind-"));
        assertThat(libraries).as("the jar's libraries")
                .noneMatch(name -> NOT_THE_EXTENSIONS.stream().anyMatch(name::startsWith));
    }

    private static Set<String> entries() throws IOException {
        Path jar = Path.of(System.getProperty("extension.jar", ""));
        assertThat(jar).as("the packaged extension (run mvn verify)").isRegularFile();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
    }

    private static List<String> toolClasses() throws IOException {
        Path classes = Path.of(System.getProperty("tools.classes", ""));
        assertThat(classes).as("the compiled tools (run mvn verify)").isDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString().replace('\\', '/')).toList();
        }
    }
}
