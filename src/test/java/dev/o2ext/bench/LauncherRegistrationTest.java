package dev.o2ext.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer launcher's registration script ({@code layer-build/layer/o2-lambda-extension/register}),
 * run as the launcher runs it ({@code bash -p}), against a scripted Extensions API on a raw
 * socket: what it sends, what it prints, and which failures leave registration to the JVM
 * (exit 3: nothing was sent) and which stop the launcher (exit 1: the platform may hold a
 * registration already).
 */
class LauncherRegistrationTest {

    private static final Path SCRIPT = Path.of("layer-build/layer/o2-lambda-extension/register");
    private static final Path LAUNCHER = Path.of("layer-build/layer/extensions/o2-lambda-extension");
    private static final String ID = "6a1b2c3d-0000-4a5b-8c9d-0123456789ab";

    @Test
    void registersForInvokeAndShutdownAndPrintsTheIdentifier() throws Exception {
        try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: " + ID
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")) {
            Run run = register(api.address(), Map.of());

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo(ID + "\n");
            String request = api.request();
            assertThat(request).startsWith("POST /2020-01-01/extension/register HTTP/1.1\r\n")
                    .contains("\r\nLambda-Extension-Name: o2-lambda-extension\r\n")
                    .contains("\r\nLambda-Extension-Accept-Feature: accountId\r\n")
                    .contains("\r\nContent-Length: 32\r\n")
                    .endsWith("\r\n\r\n{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}");
        }
    }

    @Test
    void printsTheAnswersAccountIdOnASecondLine() throws Exception {
        String body = "{\"functionName\":\"f\",\"functionVersion\":\"$LATEST\",\"handler\":\"h\","
                + "\"accountId\":\"702835727665\"}";
        try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: " + ID
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)) {
            Run run = register(api.address(), Map.of());

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo(ID + "\n702835727665\n");
        }
    }

    @Test
    void registersForShutdownOnlyOnLambdaManagedInstances() throws Exception {
        try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: " + ID
                + "\r\nContent-Length: 2\r\n\r\n{}")) {
            Run run = register(api.address(), Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances"));

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(api.request()).contains("\r\nContent-Length: 23\r\n").endsWith("\r\n\r\n{\"events\":[\"SHUTDOWN\"]}");
        }
    }

    @Test
    void readsAnyHeaderCaseBareLineFeedsAndSurroundingBlanks() throws Exception {
        try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 200 OK\nlambda-extension-identifier:\t " + ID + " \t\n\n")) {
            Run run = register(api.address(), Map.of());

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo(ID + "\n");
        }
    }

    @Test
    void theFunctionsBashEnvAndShellOptionsCannotGetIntoTheIdentifier(@TempDir Path work) throws Exception {
        Path bashEnv = work.resolve("bash-env");
        Files.writeString(bashEnv, "echo hi\n");
        try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: " + ID + "\r\n\r\n")) {
            Run run = register(api.address(), Map.of("BASH_ENV", bashEnv.toString(), "SHELLOPTS", "xtrace"));

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo(ID + "\n");
            assertThat(run.stderr()).doesNotContain(ID);
        }
    }

    @Test
    void aRefusalStopsWithThePlatformsError() throws Exception {
        String error = "{\"errorMessage\":\"Extension name mismatch\",\"errorType\":\"Extension.InvalidExtensionName\"}";
        try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: "
                + error.length() + "\r\n\r\n" + error)) {
            Run run = register(api.address(), Map.of());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr()).contains("refused the registration: HTTP/1.1 403 Forbidden")
                    .contains("Extension.InvalidExtensionName");
        }
    }

    @Test
    void aTwoHundredWithoutAUsableIdentifierStops() throws Exception {
        for (String header : List.of("", "Lambda-Extension-Identifier: \r\n", "Lambda-Extension-Identifier: a b\r\n")) {
            try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 200 OK\r\n" + header + "Content-Length: 0\r\n\r\n")) {
                Run run = register(api.address(), Map.of());

                assertThat(run.exitCode()).as("header %s", header).isEqualTo(1);
                assertThat(run.stdout()).isEmpty();
                assertThat(run.stderr()).contains("without a usable identifier");
            }
        }
    }

    @Test
    void anAnswerThatStallsStopsAfterFiveSecondsInAll() throws Exception {
        // a header every 2 s: each line alone would come in time, the whole head does not
        try (ScriptedApi api = ScriptedApi.trickling(List.of("HTTP/1.1 200 OK\r\n", "X-A: 1\r\n", "X-B: 2\r\n",
                "X-C: 3\r\n", "X-D: 4\r\n"), Duration.ofSeconds(2))) {
            long start = System.nanoTime();
            Run run = register(api.address(), Map.of());
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("did not end within 5 s");
            assertThat(seconds).as("bounded by the script's 5 s, with room for a slow machine").isLessThan(7.5);
        }
    }

    @Test
    void nothingListeningLeavesRegistrationToTheJvm() throws Exception {
        String address;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            address = "127.0.0.1:" + closed.getLocalPort();
        }
        Run run = register(address, Map.of());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("cannot connect").contains("the JVM registers instead");
    }

    @Test
    void theLauncherStopsOnARefusalWithoutStartingTheJvm() throws Exception {
        try (ScriptedApi api = ScriptedApi.answering("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")) {
            Run run = run(List.of(LAUNCHER.toString()), Map.of("AWS_LAMBDA_RUNTIME_API", api.address()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("refused the registration").doesNotContain("runtime/bin/java");
        }
    }

    private static Run register(String runtimeApi, Map<String, String> environment) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        return run(List.of("bash", "-p", SCRIPT.toString(), "o2-lambda-extension"), all);
    }

    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().keySet().removeIf(name -> name.startsWith("O2_") || name.startsWith("AWS_")
                || name.equals("BASH_ENV") || name.equals("SHELLOPTS"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> text(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end within 30 s");
        }
        return new Run(process.exitValue(), stdout.get(5, TimeUnit.SECONDS), stderr.get(5, TimeUnit.SECONDS));
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    /** One connection: reads the request, writes the answer in parts with a pause between them. */
    private static final class ScriptedApi implements AutoCloseable {

        private final ServerSocket server;
        private final CompletableFuture<String> request = new CompletableFuture<>();

        private ScriptedApi(List<String> parts, Duration pause) throws IOException {
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> serve(parts, pause), "scripted-extensions-api");
            thread.setDaemon(true);
            thread.start();
        }

        static ScriptedApi answering(String answer) throws IOException {
            return new ScriptedApi(List.of(answer), Duration.ZERO);
        }

        static ScriptedApi trickling(List<String> parts, Duration pause) throws IOException {
            return new ScriptedApi(parts, pause);
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        String request() throws Exception {
            return request.get(5, TimeUnit.SECONDS);
        }

        private void serve(List<String> parts, Duration pause) {
            try (Socket socket = server.accept()) {
                request.complete(readRequest(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                for (String part : parts) {
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(pause.toMillis());
                }
            } catch (IOException | InterruptedException e) {
                request.complete("");
            }
        }

        /** The head up to the blank line, then as many body bytes as Content-Length says. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (!bytes.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return bytes.toString(StandardCharsets.UTF_8);
                }
                bytes.write(b);
            }
            String head = bytes.toString(StandardCharsets.UTF_8);
            int at = head.indexOf("Content-Length: ");
            int length = (at < 0) ? 0 : Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).trim());
            bytes.write(in.readNBytes(length));
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
