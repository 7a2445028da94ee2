package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalLambdaOptionsTest {

    @Test
    void withoutArgumentsRunsTheBuiltLayerAndTheSampleFunctionOncePerSampleEvent() {
        LocalLambdaOptions options = LocalLambdaOptions.parse();

        assertThat(options.layer()).isEqualTo(Path.of("target/layer/x86_64"));
        assertThat(options.extensions()).isEmpty();
        assertThat(options.function()).containsExactly("layer-build/local/sample-function/bootstrap");
        assertThat(options.invocations()).isEqualTo(3);
        assertThat(options.events()).hasSize(3);
        assertThat(options.event(0)).isNotEqualTo(options.event(1));
        assertThat(options.freezing()).isTrue();
        assertThat(options.jsonLogFormat()).isFalse();
        assertThat(options.shutdownDeadline()).isEqualTo(Duration.ofMillis(2_000));
    }

    @Test
    void parsesEveryOption() {
        LocalLambdaOptions options = LocalLambdaOptions.parse("--layer", "/tmp/layer", "--extension", "java -jar ext.jar",
                "--extension", "other", "--function", " ./bootstrap  --flag ", "--event", "{\"a\":1}", "--event", "{}",
                "--invocations", "7", "--env", "O2_STREAM=a=b", "--no-freeze", "--json-log-format",
                "--function-timeout-ms", "900", "--shutdown-deadline-ms", "1500");

        assertThat(options.layer()).isEqualTo(Path.of("/tmp/layer"));
        assertThat(options.extensions()).containsExactly(List.of("java", "-jar", "ext.jar"), List.of("other"));
        assertThat(options.function()).containsExactly("./bootstrap", "--flag");
        assertThat(options.invocations()).isEqualTo(7);
        assertThat(options.event(0)).isEqualTo("{\"a\":1}");
        assertThat(options.event(3)).isEqualTo("{}");
        assertThat(options.environment()).isEqualTo(Map.of("O2_STREAM", "a=b"));
        assertThat(options.freezing()).isFalse();
        assertThat(options.jsonLogFormat()).isTrue();
        assertThat(options.functionTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(options.shutdownDeadline()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void scriptedLinesReplaceTheFunctionProcess() {
        LocalLambdaOptions options = LocalLambdaOptions.parse("--no-layer", "--extension", "x", "--lines", "4");

        assertThat(options.layer()).isNull();
        assertThat(options.function()).isNull();
        assertThat(options.scriptedLines()).isEqualTo(4);
    }

    @Test
    void refusesIncompleteOrContradictoryArguments() {
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--no-layer")).hasMessageContaining("--extension");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--extension")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--env", "NOVALUE")).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--invocations", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--lines", "2", "--function", "f"))
                .hasMessageContaining("--lines");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--function", "  ")).hasMessageContaining("command");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--bogus")).hasMessageContaining("--bogus");
    }
}
