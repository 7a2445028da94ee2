package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalLambdaOptionsTest {

    @Test
    void parsesEveryOption() {
        LocalLambdaOptions options = LocalLambdaOptions.parse("--extension", "java -jar ext.jar", "--extension", "other",
                "--function", " ./bootstrap  --flag ", "--invocations", "7", "--lines", "2", "--env", "O2_STREAM=a=b",
                "--no-freeze", "--json-log-format", "--function-timeout-ms", "900", "--shutdown-deadline-ms", "1500");

        assertThat(options.extensions()).containsExactly(List.of("java", "-jar", "ext.jar"), List.of("other"));
        assertThat(options.function()).containsExactly("./bootstrap", "--flag");
        assertThat(options.invocations()).isEqualTo(7);
        assertThat(options.linesPerInvocation()).isEqualTo(2);
        assertThat(options.environment()).isEqualTo(Map.of("O2_STREAM", "a=b"));
        assertThat(options.freezing()).isFalse();
        assertThat(options.jsonLogFormat()).isTrue();
        assertThat(options.functionTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(options.shutdownDeadline()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesIncompleteArguments() {
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--invocations", "2")).hasMessageContaining("--extension");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--extension")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--extension", "x", "--env", "NOVALUE"))
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> LocalLambdaOptions.parse("--extension", "x", "--bogus")).hasMessageContaining("--bogus");
    }
}
