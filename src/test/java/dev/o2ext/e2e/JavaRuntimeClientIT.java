package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.RicHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Our extension beside a function run by a runtime nobody here wrote: AWS's Java runtime
 * interface client with {@link RicHandler}, whose third invocation throws. What the client
 * prints arrives as structured records: the Lambda logger's and {@code System.out}'s lines with
 * their request id, and the uncaught exception as one record, not one per frame.
 */
class JavaRuntimeClientIT extends EndToEndTest {

    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    @Test
    void aRealJavaRuntimesLinesAndItsUncaughtExceptionBecomeStructuredRecords() throws Exception {
        launch(Map.of());
        sim().launchFunction(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), RIC_MAIN,
                RicHandler.class.getName() + "::handleRequest"), Map.of());
        assertThat(sim().awaitInit(INIT_TIMEOUT).status()).isEqualTo(InitResult.Status.READY);

        InvocationResult ok = sim().invokeFunction("ric-ok", "{\"name\":\"first\"}", FUNCTION_TIMEOUT);
        InvocationResult failed = sim().invokeFunction("ric-fail", "{\"name\":\"second\",\"fail\":true}",
                FUNCTION_TIMEOUT);
        assertThat(shutdown().single().exitedBeforeDeadline()).isTrue();

        assertThat(ok.completed()).isTrue();
        assertThat(failed.runtimeStatus()).isEqualTo("error");
        List<JsonNode> okLines = functionLinesOf("ric-ok").stream().map(StoredRecord::record).toList();
        List<JsonNode> failedLines = functionLinesOf("ric-fail").stream().map(StoredRecord::record).toList();
        okLines.forEach((r) -> System.out.println("java runtime client, ric-ok: " + r));
        failedLines.forEach((r) -> System.out.println("java runtime client, ric-fail: " + r));

        assertThat(okLines).extracting((r) -> r.path("message").asString(""))
            .anySatisfy((m) -> assertThat(m).contains("ric handler got first in ric-ok"))
            .anySatisfy((m) -> assertThat(m).contains("ric stdout ric-ok"));
        assertThat(okLines).allSatisfy((r) -> assertThat(r.path("faas_coldstart").asBoolean()).isTrue());
        // the client prints a summary line ("<message>: <type>"), then the stack trace, then an empty line
        assertThat(failedLines).as("the uncaught exception's stack trace is one record")
            .filteredOn((r) -> r.path("message").asString("")
                .startsWith("java.lang.IllegalStateException: failing on purpose in ric-fail"))
            .singleElement()
            .satisfies((r) -> {
                assertThat(r.path("level").asString()).isEqualTo("ERROR");
                assertThat(r.path("message").asString()).contains("\n\tat dev.o2ext.sim.RicHandler.handleRequest(");
                assertThat(r.path("requestId").asString()).isEqualTo("ric-fail");
            });
        assertThat(failedLines).as("no stack frame stored on its own")
            .noneSatisfy((r) -> assertThat(r.path("message").asString("").stripLeading()).startsWith("at "));
    }

}
