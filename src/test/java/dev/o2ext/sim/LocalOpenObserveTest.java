package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOpenObserveTest {

    @Test
    void withoutO2EndpointStartsTheFakeWithTheLocalCredentialAndIgnoresTheUsersOtherVariables() throws Exception {
        try (LocalOpenObserve target = LocalOpenObserve.choose(Map.of("O2_STREAM", "Lambda-Logs"),
                Map.of("O2_AUTHORIZATION_HEADER", "Basic dXNlcjpzZWNyZXQ=", "O2_ORGANIZATION_ID", "team"))) {
            assertThat(target.isFake()).isTrue();
            assertThat(target.environment()).containsEntry("O2_ORGANIZATION_ID", "default")
                    .containsEntry("O2_AUTHORIZATION_HEADER", LocalOpenObserve.LOCAL_AUTHORIZATION)
                    .containsEntry("O2_STREAM", "Lambda-Logs");
            assertThat(target.environment().get("O2_ENDPOINT")).startsWith("http://127.0.0.1:");
            assertThat(target.stream()).isEqualTo("lambda_logs");
            assertThat(target.functionRecords()).hasValue(List.of());
            assertThat(target.describe()).contains("fake", "organization default, stream lambda_logs")
                    .doesNotContain(LocalOpenObserve.LOCAL_AUTHORIZATION);
        }
    }

    @Test
    void withO2EndpointPassesTheUsersO2VariablesOnAndDescribesThemWithoutTheCredential() throws Exception {
        String secret = "Basic dXNlcjpzZWNyZXQ=";
        try (LocalOpenObserve target = LocalOpenObserve.choose(Map.of("O2_STREAM", "s"), Map.of("O2_ENDPOINT",
                "https://o2.example.com", "O2_ORGANIZATION_ID", "team", "O2_AUTHORIZATION_HEADER", secret,
                "HOME", "/root"))) {
            assertThat(target.isFake()).isFalse();
            assertThat(target.environment()).isEqualTo(Map.of("O2_ENDPOINT", "https://o2.example.com",
                    "O2_ORGANIZATION_ID", "team", "O2_AUTHORIZATION_HEADER", secret, "O2_STREAM", "s"));
            assertThat(target.functionRecords()).isEmpty();
            assertThat(target.describe()).isEqualTo("your OpenObserve at https://o2.example.com (organization team,"
                    + " stream s; the O2_* variables of your environment)");
        }
    }
}
