package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.Answer;
import dev.o2ext.fakeo2.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authorization header goes to OpenObserve's Authorization header and nowhere else. */
class SecretIT extends EndToEndTest {

    /** The header, its token and the decoded credentials: none of them may leak. */
    private static final List<String> SECRET_FORMS = List.of(SECRET, "c2VjcmV0LXRva2VuLTQyOnh5eg", "secret-token-42");

    @Test
    void theSecretNeverAppearsInOutputDiagnosticsOrShippedData() throws Exception {
        start(Map.of("O2_LOG_LEVEL", "debug"));
        invoke("req-1", lines("req-1", 4));
        fake.nextAnswers(1, Answer.unauthorized());
        fake.nextAnswers(1, Answer.overloaded());
        invoke("req-2", lines("req-2", 4));
        invoke("req-3", lines("req-3", 4));
        String diagnostics = diagnosticsText();
        shutdown();

        assertThat(fake.ingestRequests()).extracting(r -> r.header("Authorization")).containsOnly(SECRET);
        assertThat(fake.ingestRequests()).extracting(RecordedRequest::status).contains(401, 503, 200);
        String output = extension().outputText();
        String shipped = String.join("\n", fake.ingestRequests().stream().map(RecordedRequest::bodyText).toList());
        for (String form : SECRET_FORMS) {
            assertThat(output).as("extension stdout/stderr").doesNotContain(form);
            assertThat(diagnostics).as("diagnostics").doesNotContain(form);
            assertThat(shipped).as("request bodies sent to OpenObserve").doesNotContain(form);
        }
        assertThat(output).as("debug logging produced output to search").isNotBlank();
    }
}
