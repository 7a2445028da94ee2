package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's Runtime API against a client nobody here wrote: AWS's
 * {@code aws-lambda-java-runtime-interface-client} (its {@code AWSLambda} main, with its JNI
 * library for Linux) runs {@link RicHandler} as the function process, beside {@link MiniExtension}.
 */
class RuntimeInterfaceClientIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final LambdaSimulator simulator = LambdaSimulator.builder().start();

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void awsRuntimeInterfaceClientReceivesInvocationsAndAnswersThem() throws Exception {
        start(RicHandler.class.getName() + "::handleRequest");
        assertThat(simulator.awaitInit(TIMEOUT).status()).as(output()).isEqualTo(InitResult.Status.READY);

        InvocationResult first = simulator.invokeFunction("ric-1", "{\"name\":\"first\"}", TIMEOUT);
        InvocationResult second = simulator.invokeFunction("ric-2", "{\"name\":\"second\"}", TIMEOUT);
        InvocationResult failed = simulator.invokeFunction("ric-3", "{\"name\":\"third\",\"fail\":true}", TIMEOUT);
        ShutdownResult shutdown = simulator.shutdown();

        assertThat(List.of(first, second, failed)).as(output()).allSatisfy(r -> assertThat(r.completed()).isTrue());
        assertAnswered(first, "ric-1", "first");
        assertAnswered(second, "ric-2", "second");
        assertThat(failed.runtimeStatus()).isEqualTo("error");
        JsonNode error = Json.MAPPER.readTree(failed.response());
        assertThat(error.path("errorType").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("errorMessage").asString()).isEqualTo("failing on purpose in ric-3");
        assertThat(lines(first)).anyMatch(l -> l.contains("ric handler got first in ric-1"))
                .anyMatch(l -> l.contains("ric stdout ric-1"));
        assertThat(lines(second)).anyMatch(l -> l.contains("ric handler got second in ric-2"))
                .noneMatch(l -> l.contains("ric-1"));
        assertThat(simulator.errors()).isEmpty();
        assertThat(shutdown.exits()).allSatisfy(exit -> assertThat(exit.exitedBeforeDeadline()).isTrue());
    }

    @Test
    void aHandlerThatCannotBeLoadedAnswersEveryInvocationWithAnError() throws Exception {
        start("dev.o2ext.sim.NoSuchHandler::handleRequest");
        assertThat(simulator.awaitInit(TIMEOUT).status()).as(output()).isEqualTo(InitResult.Status.READY);

        InvocationResult result = simulator.invokeFunction("ric-missing", "{}", TIMEOUT);

        assertThat(result.completed()).isTrue();
        assertThat(result.runtimeStatus()).as(result.response()).isEqualTo("error");
        JsonNode error = Json.MAPPER.readTree(result.response());
        assertThat(error.path("errorType").asString()).as(result.response()).isEqualTo("java.lang.ClassNotFoundException");
        assertThat(error.path("errorMessage").asString()).contains("dev.o2ext.sim.NoSuchHandler");
    }

    private void start(String handler) throws InterruptedException {
        String classPath = System.getProperty("java.class.path");
        simulator.launchExtension(List.of(JAVA, "-cp", classPath, MiniExtension.class.getName(), "mini"), Map.of());
        simulator.launchFunction(List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-cp", classPath, RIC_MAIN, handler), Map.of());
    }

    private static void assertAnswered(InvocationResult result, String requestId, String name) {
        assertThat(result.runtimeStatus()).as(result.response()).isEqualTo("success");
        JsonNode answer = Json.MAPPER.readTree(result.response());
        assertThat(answer.path("hello").asString()).isEqualTo(name);
        assertThat(answer.path("requestId").asString()).isEqualTo(requestId);
        assertThat(answer.path("functionArn").asString()).endsWith(":function:o2-sim-function");
        assertThat(answer.path("remainingMs").asLong()).isBetween(1L, TIMEOUT.toMillis());
    }

    private static List<String> lines(InvocationResult result) {
        return result.functionEvents().stream().map(e -> e.record().asString()).toList();
    }

    private String output() {
        ExtensionProcess function = simulator.functionProcess();
        return function == null ? "no function process" : function.output().toString();
    }
}
