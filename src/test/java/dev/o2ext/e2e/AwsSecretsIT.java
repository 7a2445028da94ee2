package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.aws.AwsCredentials;
import dev.o2ext.fakeo2.RecordedRequest;
import dev.o2ext.sim.FakeAwsSecrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The authorization header from Secrets Manager and SSM Parameter Store (a fake that verifies the
 * Signature V4 and the request shapes) instead of {@code O2_AUTHORIZATION_HEADER}: values, JSON
 * keys, denial, throttling and a malformed secret. Fail-open: Init always succeeds, the failure
 * is one line naming the secret and the AWS error code, and the secret never appears in output.
 */
class AwsSecretsIT extends EndToEndTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf";
    private static final String PARAMETER = "/o2/authorization";
    private static final AwsCredentials ROLE = new AwsCredentials("ASIAEXAMPLEROLEKEY", "role-secret-access-key-123",
            "IQoJb3JpZ2luX2VjEXAMPLE-session-token");
    private static final Pattern READ_IN = Pattern.compile("authorization header read from the .+ in (\\d+) ms \\(Init waited (\\d+) ms");

    private final FakeAwsSecrets aws = FakeAwsSecrets.start(ROLE, "eu-west-1");

    @AfterEach
    void closeAws() {
        aws.close();
    }

    private Map<String, String> viaAws(String variable, String value) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", ROLE.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", "role-secret-access-key-123");
        env.put("AWS_SESSION_TOKEN", ROLE.sessionToken());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint());
        env.put("AWS_ENDPOINT_URL_SSM", aws.endpoint());
        env.put(variable, value);
        return env;
    }

    private void startWithout(Map<String, String> env) throws InterruptedException {
        launch(env, "O2_AUTHORIZATION_HEADER");
        assertThat(sim().awaitInit(INIT_TIMEOUT).ready()).as("Init; output:\n%s", extension().outputText()).isTrue();
    }

    @Test
    void aPlainSecretIsTheHeader() throws Exception {
        aws.secret(ARN, SECRET);
        startWithout(viaAws("O2_AUTHORIZATION_SECRET_ARN", ARN));
        invoke("req-1", lines("req-1", 3));
        shutdown();

        assertDelivered("req-1");
        assertThat(aws.calls()).singleElement().satisfies(call -> {
            assertThat(call.target()).isEqualTo("secretsmanager.GetSecretValue");
            assertThat(call.status()).isEqualTo(200);
        });
        Matcher read = READ_IN.matcher(extension().outputText());
        assertThat(read.find()).as("the extension says how long the read took").isTrue();
        System.out.println("secret fetch during Init (Secrets Manager, loopback): " + read.group(1)
                + " ms on its thread, added to Init (waited before the first next): " + read.group(2) + " ms");
        assertNoLeak();
    }

    @Test
    void aKeyOfAJsonSecretIsTheHeader() throws Exception {
        aws.secret(ARN, "{\"user\":\"someone\",\"authorization\":\"" + SECRET + "\"}");
        Map<String, String> env = viaAws("O2_AUTHORIZATION_SECRET_ARN", ARN);
        env.put("O2_AUTHORIZATION_SECRET_KEY", "authorization");
        startWithout(env);
        invoke("req-1", lines("req-1", 3));
        shutdown();

        assertDelivered("req-1");
        assertNoLeak();
    }

    @Test
    void aSecureStringParameterIsTheHeader() throws Exception {
        aws.parameter(PARAMETER, SECRET);
        startWithout(viaAws("O2_AUTHORIZATION_SSM_PARAMETER", PARAMETER));
        invoke("req-1", lines("req-1", 3));
        shutdown();

        assertDelivered("req-1");
        assertThat(aws.calls()).singleElement().satisfies(call -> {
            assertThat(call.target()).isEqualTo("AmazonSSM.GetParameter");
            assertThat(call.body().path("WithDecryption").asBoolean()).isTrue();
        });
        assertNoLeak();
    }

    @Test
    void throttlingIsRetriedWithinInit() throws Exception {
        aws.secret(ARN, SECRET).throttle(2);
        startWithout(viaAws("O2_AUTHORIZATION_SECRET_ARN", ARN));
        invoke("req-1", lines("req-1", 3));
        shutdown();

        assertThat(aws.calls()).extracting(FakeAwsSecrets.Call::errorCode)
                .containsExactly("ThrottlingException", "ThrottlingException", "");
        assertDelivered("req-1");
    }

    @Test
    void aDeniedSecretIsOneClearLineTheFunctionRunsOnAndItIsNotRetried() throws Exception {
        aws.secret(ARN, SECRET).deny(ARN);
        startWithout(viaAws("O2_AUTHORIZATION_SECRET_ARN", ARN));
        invoke("req-1", lines("req-1", 3));
        invoke("req-2", lines("req-2", 3));
        JsonNode diagnostics = diagnostics();
        shutdown();

        assertThat(aws.calls()).as("a denial is final").hasSize(1);
        List<String> lines = failureLines();
        assertThat(lines).as("one line").hasSize(1);
        assertThat(lines.get(0)).contains(ARN).contains("AccessDeniedException");
        assertThat(fake.ingestRequests()).extracting(RecordedRequest::status).containsOnly(401);
        assertThat(diagnostics.path("counters").path("dropped").path("rejected_final_status").asLong()).isPositive();
        assertNoLeak();
    }

    @Test
    void aMalformedSecretNamesTheProblemButNotTheValue() throws Exception {
        aws.secret(ARN, "{\"other\":\"" + SECRET + "\"}");
        Map<String, String> env = viaAws("O2_AUTHORIZATION_SECRET_ARN", ARN);
        env.put("O2_AUTHORIZATION_SECRET_KEY", "authorization");
        startWithout(env);
        invoke("req-1", lines("req-1", 3));
        shutdown();

        assertThat(aws.calls()).hasSize(1);
        assertThat(failureLines()).singleElement().asString().contains(ARN).contains("MalformedSecret")
                .contains("'authorization'");
        assertNoLeak();
    }

    @Test
    void aMissingParameterAndWrongCredentialsAreNamedWithTheirAwsCode() throws Exception {
        Map<String, String> env = viaAws("O2_AUTHORIZATION_SSM_PARAMETER", "/o2/missing");
        env.put("AWS_SECRET_ACCESS_KEY", "not-the-role-key");
        startWithout(env);
        shutdown();

        assertThat(aws.calls()).singleElement().extracting(FakeAwsSecrets.Call::errorCode)
                .isEqualTo("InvalidSignatureException");
        assertThat(failureLines()).singleElement().asString().contains("/o2/missing").contains("InvalidSignatureException");
    }

    private List<String> failureLines() {
        return extension().output().stream().map(line -> line.text())
                .filter(text -> text.contains("could not read the authorization header")).toList();
    }

    private void assertDelivered(String requestId) {
        assertThat(fake.ingestRequests()).isNotEmpty().extracting(r -> r.header("Authorization")).containsOnly(SECRET);
        assertThat(functionLinesOf(requestId)).hasSize(4);
    }

    private void assertNoLeak() {
        String output = extension().outputText();
        assertThat(output).doesNotContain(SECRET).doesNotContain("c2VjcmV0LXRva2VuLTQy")
                .doesNotContain("role-secret-access-key-123").doesNotContain(ROLE.sessionToken());
    }
}
