package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's process management, with {@link MiniExtension} running as a real extension process. */
class SimulatorProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final LambdaSimulator simulator = LambdaSimulator.builder().start();

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void freezesTheProcessBetweenEventsAndLetsItExitOnShutdown() throws Exception {
        ExtensionProcess process = launch();

        assertThat(simulator.awaitInit(TIMEOUT).status()).isEqualTo(InitResult.Status.READY);
        assertThat(state(process)).isEqualTo('T');
        InvocationResult invocation = simulator.invoke("req-1", List.of("hello"), TIMEOUT);
        assertThat(state(process)).isEqualTo('T');
        ShutdownResult shutdown = simulator.shutdown();

        assertThat(invocation.completed()).isTrue();
        assertThat(process.output()).extracting(OutputLine::text).contains("mini registered", "mini invoke req-1",
                "mini shutdown spindown");
        assertThat(shutdown.single().exitCode()).isZero();
        assertThat(shutdown.single().exitedBeforeDeadline()).isTrue();
        assertThat(simulator.errors()).isEmpty();
        assertThat(simulator.deliveries()).isNotEmpty().allSatisfy(d -> assertThat(d.accepted()).isTrue());
    }

    @Test
    void killsAProcessThatIgnoresShutdownAtTheDeadline() throws Exception {
        launch("--ignore-shutdown");
        simulator.awaitInit(TIMEOUT);

        ShutdownResult shutdown = simulator.shutdown("spindown", Duration.ofMillis(500));

        assertThat(shutdown.single().exitedBeforeDeadline()).isFalse();
        assertThat(shutdown.single().exitCode()).isEqualTo(137);
        assertThat(shutdown.single().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void anExitDuringInitEndsInitAsACrash() throws Exception {
        launch("--exit-during-init");

        InitResult init = simulator.awaitInit(TIMEOUT);

        assertThat(init.status()).isEqualTo(InitResult.Status.CRASHED);
        assertThat(init.error()).isNotNull();
        assertThat(init.error().exitCode()).isEqualTo(3);
        assertThat(simulator.extensions()).singleElement().satisfies(e -> assertThat(e.nextCalls()).isZero());
    }

    @Test
    void anExitDuringAnInvocationIsRecordedAsExtensionCrash() throws Exception {
        launch("--crash-on-invoke");

        InvocationResult invocation = simulator.invoke("req-1", List.of("hello"), Duration.ofSeconds(3));

        assertThat(invocation.completed()).isFalse();
        assertThat(simulator.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(ErrorReport.Kind.CRASH);
            assertThat(error.errorType()).isEqualTo("Extension.Crash");
            assertThat(error.exitCode()).isEqualTo(1);
        });
    }

    @Test
    void aFunctionProcessAnswersOverTheRuntimeApiAndItsOutputArrivesBeforeRuntimeDone() throws Exception {
        try (LambdaSimulator withFunction = LambdaSimulator.builder().jsonLogFormat(true).start()) {
            withFunction.launchExtension(java(MiniExtension.class, "mini"), Map.of());
            ExtensionProcess function = withFunction.launchFunction(java(MiniRuntime.class), Map.of());
            assertThat(withFunction.awaitInit(TIMEOUT).status()).isEqualTo(InitResult.Status.READY);

            InvocationResult invocation = withFunction.invokeFunction("req-1", "{\"n\":1}", TIMEOUT);
            ShutdownResult shutdown = withFunction.shutdown();

            assertThat(invocation.completed()).isTrue();
            assertThat(invocation.runtimeStatus()).isEqualTo("success");
            assertThat(invocation.response()).isEqualTo("{\"echo\":{\"n\":1}}");
            assertThat(invocation.functionEvents()).extracting(e -> e.record().toString())
                    .containsExactly("\"handling req-1\\n\"", "{\"level\":\"INFO\",\"requestId\":\"req-1\",\"message\":\"payload 7 bytes\"}");
            assertThat(withFunction.processes().get(0).output()).extracting(OutputLine::text)
                    .contains("mini runtimeDone req-1 function=2");
            assertThat(shutdown.single().exitCode()).isZero();
            assertThat(function.isAlive()).isFalse();
            assertThat(withFunction.errors()).isEmpty();
        }
    }

    @Test
    void aFunctionErrorEndsTheRunWithStatusError() throws Exception {
        try (LambdaSimulator withFunction = LambdaSimulator.builder().start()) {
            withFunction.launchExtension(java(MiniExtension.class, "mini"), Map.of());
            withFunction.launchFunction(java(MiniRuntime.class, "--fail"), Map.of());

            InvocationResult invocation = withFunction.invokeFunction("req-1", "{}", TIMEOUT);

            assertThat(invocation.completed()).isTrue();
            assertThat(invocation.runtimeStatus()).isEqualTo("error");
            assertThat(invocation.response()).contains("failed on purpose");
        }
    }

    private ExtensionProcess launch(String... flags) {
        List<String> arguments = new ArrayList<>(List.of("mini"));
        arguments.addAll(List.of(flags));
        return simulator.launchExtension(java(MiniExtension.class, arguments.toArray(String[]::new)), Map.of());
    }

    /** A command that runs the class's main with the test class path. */
    private static List<String> java(Class<?> main, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** The process state letter from /proc ('T' = stopped), waiting briefly for a signal to land. */
    private static char state(ExtensionProcess process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        char state;
        do {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state == 'T') {
                return state;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return state;
    }
}
