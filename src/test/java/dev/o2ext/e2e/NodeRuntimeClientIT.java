package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Our extension beside a Node.js function run by AWS's Node.js runtime interface client (npm
 * {@code aws-lambda-ric}), the handler of {@code infra/samples/nodejs}: its text line and its JSON
 * line arrive with their request id (the client's {@code <time>\t<request id>\t<LEVEL>\t} prefix
 * read), and the uncaught exception, which the client prints as one {@code Invoke Error} line with
 * the stack, is one ERROR record. The sample's {@code run.sh --build-only} installs the client
 * first when it is missing ({@code npm ci}, which compiles its native part: a few minutes the
 * first time, nothing later).
 */
class NodeRuntimeClientIT extends EndToEndTest {

    private static final Path SAMPLE = Path.of("infra/samples/nodejs").toAbsolutePath();

    @Test
    void aRealNodeRuntimesLinesAndItsUncaughtExceptionBecomeStructuredRecords() throws Exception {
        install();
        launch(Map.of());
        sim().launchFunction(List.of(SAMPLE.resolve("bootstrap").toString()), Map.of());
        assertThat(sim().awaitInit(INIT_TIMEOUT).status()).isEqualTo(InitResult.Status.READY);

        InvocationResult ok = sim().invokeFunction("node-ok", "{\"orderId\":\"o-1\"}", FUNCTION_TIMEOUT);
        InvocationResult failed = sim().invokeFunction("node-fail", "{\"orderId\":\"o-2\",\"fail\":true}",
                FUNCTION_TIMEOUT);
        assertThat(shutdown().single().exitedBeforeDeadline()).isTrue();

        assertThat(ok.completed()).isTrue();
        assertThat(failed.runtimeStatus()).isEqualTo("error");
        List<JsonNode> okLines = functionLinesOf("node-ok").stream().map(StoredRecord::record).toList();
        List<JsonNode> failedLines = functionLinesOf("node-fail").stream().map(StoredRecord::record).toList();
        okLines.forEach((r) -> System.out.println("node runtime client, node-ok: " + r));
        failedLines.forEach((r) -> System.out.println("node runtime client, node-fail: " + r));

        assertThat(okLines).as("the text line, without the client's prefix")
            .anySatisfy((r) -> {
                assertThat(r.path("message").asString()).isEqualTo("nodejs sample got o-1 in node-ok");
                assertThat(r.path("level").asString()).isEqualTo("INFO");
            });
        assertThat(okLines).as("the JSON line, its fields as columns")
            .anySatisfy((r) -> {
                assertThat(r.path("message").asString()).isEqualTo("order received");
                assertThat(r.path("order_orderid").asString()).isEqualTo("o-1");
            });
        assertThat(okLines).allSatisfy((r) -> assertThat(r.path("faas_coldstart").asBoolean()).isTrue());
        assertThat(failedLines).as("the uncaught exception and its stack are one record")
            .filteredOn((r) -> r.path("message").asString("").startsWith("Invoke Error"))
            .singleElement()
            .satisfies((r) -> {
                assertThat(r.path("level").asString()).isEqualTo("ERROR");
                assertThat(r.path("message").asString()).contains("failing on purpose in node-fail")
                    .contains("at Runtime.handler (file://" + SAMPLE.resolve("index.mjs"));
                assertThat(r.path("requestId").asString()).isEqualTo("node-fail");
            });
        assertThat(failedLines).as("no stack frame stored on its own")
            .noneSatisfy((r) -> assertThat(r.path("message").asString("").stripLeading()).startsWith("at "));
    }

    /** The sample's own build step: nothing to do when its node_modules is current. */
    private static void install() throws IOException, InterruptedException {
        Process build = new ProcessBuilder(SAMPLE.resolve("run.sh").toString(), "--build-only")
            .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(output).isZero();
    }
}
