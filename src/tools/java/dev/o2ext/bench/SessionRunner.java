package dev.o2ext.bench;

import dev.o2ext.fakeo2.Answer;
import dev.o2ext.fakeo2.FakeOpenObserve;
import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.ExtensionExit;
import dev.o2ext.sim.ExtensionObservation;
import dev.o2ext.sim.ExtensionProcess;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import dev.o2ext.sim.LambdaSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link SessionPlan}: a fresh simulator and fake OpenObserve (behind a TLS front when
 * asked), the extension launched during Init, the invocations, the burst, Shutdown, and the
 * readings of {@link SessionResult}. Fails with {@link SessionFailure} (carrying the extension's
 * output) when Init or an invocation does not complete.
 */
final class SessionRunner {

    static final String AUTHORIZATION = "Basic YmVuY2hAbzJleHQuZGV2OnNlY3JldA==";
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);

    private SessionRunner() {
    }

    static SessionResult run(SessionPlan plan) throws Exception {
        return run(plan, () -> {
        });
    }

    /** {@link #run(SessionPlan)}, calling {@code afterInit} once Init has completed (the sandbox's CPU quota). */
    static SessionResult run(SessionPlan plan, Runnable afterInit) throws Exception {
        try (FakeOpenObserve openObserve = FakeOpenObserve.start(AUTHORIZATION)) {
            TlsFront tls = (plan.tls() != null) ? TlsFront.start(plan.tls(), plan.tlsKeyAlgorithm(), openObserve.port()) : null;
            LambdaSimulator.Builder builder = LambdaSimulator.builder().memorySizeMb(plan.memorySizeMb());
            if (plan.echo() != null) {
                builder.echoOutput(plan.echo());
            }
            try (LambdaSimulator simulator = builder.start()) {
                return run(plan, simulator, openObserve, tls, afterInit);
            } finally {
                if (tls != null) {
                    tls.close();
                }
            }
        }
    }

    private static SessionResult run(SessionPlan plan, LambdaSimulator simulator, FakeOpenObserve openObserve,
            TlsFront tls, Runnable afterInit) throws Exception {
        int diagnosticsPort = freePort();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("O2_ORGANIZATION_ID", FakeOpenObserve.DEFAULT_ORGANIZATION);
        environment.put("O2_AUTHORIZATION_HEADER", AUTHORIZATION);
        environment.put("O2_ENDPOINT", (tls != null) ? tls.endpoint() : openObserve.endpoint());
        environment.put("O2_STREAM", "bench");
        environment.put("O2_TELEMETRY_LISTEN_ADDRESS", "127.0.0.1");
        environment.put("O2_TELEMETRY_HOST", "127.0.0.1");
        environment.put("O2_TELEMETRY_PORT", "0");
        environment.put("O2_TELEMETRY_TIMEOUT_MS", "25");
        environment.put("O2_DIAGNOSTICS_PORT", Integer.toString(diagnosticsPort));
        environment.put("O2_INITIAL_RETRY_DELAY_MS", "20");
        environment.putAll(plan.environment());
        if (tls != null) {
            String existing = environment.getOrDefault(plan.tlsOptionsVariable(), "");
            environment.put(plan.tlsOptionsVariable(), (existing + " " + tls.trustStoreOptions()).trim());
        }

        ExtensionProcess process = simulator.launchExtension(plan.command(), environment);
        long pid = process.pid();
        InitResult init = simulator.awaitInit(INIT_TIMEOUT);
        if (!init.ready()) {
            throw new SessionFailure("Init " + init.status() + " " + init.error(), process);
        }
        afterInit.run();
        // the simulator has frozen the process right after its first next: nothing runs now
        double cpuAtFirstNext = ProcStats.cpuSeconds(pid);
        if (Boolean.getBoolean("bench.threads")) {
            System.err.println("CPU ms by thread at the first next: " + ProcStats.cpuByThread(pid));
        }
        double rssAfterInit = ProcStats.rssMib(pid);
        long threads = ProcStats.threads(pid);
        ExtensionObservation observation = simulator.extensions().get(0);
        double register = millis(observation.registerNanos() - process.startNanos());
        double firstNext = millis(observation.firstNextNanos() - process.startNanos());

        long expected = 0;
        List<Double> postRuntime = new ArrayList<>();
        for (int i = 0; i < plan.invocations(); i++) {
            if (plan.failures() && i == 2) {
                openObserve.nextAnswers(1, Answer.overloaded());
            }
            if (plan.failures() && i == 4) {
                openObserve.nextAnswers(1, Answer.overloaded(Duration.ofMillis(30)));
            }
            String requestId = "req-" + i;
            postRuntime.add(completed(simulator.invoke(requestId, Workload.textLines(requestId, plan.linesPerInvocation()),
                    INVOKE_TIMEOUT), process).postRuntime().toNanos() / 1e6);
            expected += plan.linesPerInvocation();
        }
        for (int i = 0; i < plan.jsonInvocations(); i++) {
            String requestId = "json-" + i;
            completed(simulator.invoke(requestId, Workload.jsonLines(requestId, plan.linesPerInvocation()), INVOKE_TIMEOUT),
                    process);
            expected += plan.linesPerInvocation();
        }
        if (plan.jsonInvocations() > 0) {
            simulator.whileThawed(() -> diagnostics(diagnosticsPort));
        }
        double idleRss = ProcStats.rssMib(pid);

        double burstRate = 0;
        long burstStart = 0;
        if (plan.burstLines() > 0) {
            InvocationResult burst = completed(simulator.invoke("burst", Workload.textLines("burst", plan.burstLines()),
                    INVOKE_TIMEOUT), process);
            burstStart = burst.startNanos();
            expected += plan.burstLines();
        }
        double peakRss = ProcStats.peakRssMib(pid);
        double anonRss = ProcStats.anonRssMib(pid);
        double cpuTotal = ProcStats.cpuSeconds(pid);
        ExtensionExit exit = simulator.shutdown("spindown", plan.shutdownDeadline()).single();

        List<StoredRecord> stored = openObserve.stored("bench").stream()
                .filter(r -> r.record().path("type").asString("").equals("function")).toList();
        if (plan.burstLines() > 0) {
            long finalBurstStart = burstStart;
            List<StoredRecord> burstRecords = stored.stream().filter(r -> r.arrivalNanos() >= finalBurstStart).toList();
            long last = burstRecords.stream().mapToLong(StoredRecord::arrivalNanos).max().orElse(burstStart);
            burstRate = burstRecords.size() / ((last - burstStart) / 1e9);
        }
        // at-least-once: a batch whose answer was lost is sent again, so count each line once (a
        // resent line is the same record; distinct lines differ at least in their _timestamp, and a
        // JSON line has no `record` of its own, it is stored as columns)
        long distinct = stored.stream().map(r -> r.record().toString()).distinct().count();
        return new SessionResult(register, firstNext, cpuAtFirstNext, rssAfterInit, idleRss, peakRss, anonRss, threads, postRuntime,
                burstRate, distinct, stored.size() - distinct, expected, exit.elapsed().toNanos() / 1e6, exit.exitCode(), cpuTotal,
                observation.registeredBy(), process.outputText());
    }

    private static InvocationResult completed(InvocationResult result, ExtensionProcess process) {
        if (!result.completed()) {
            throw new SessionFailure("invocation " + result.requestId() + " did not complete", process);
        }
        return result;
    }

    private static String diagnostics(int port) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/diagnostics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("diagnostics answered " + response.statusCode());
            }
            return response.body();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** A session that did not get through, with what the extension printed. */
    static final class SessionFailure extends RuntimeException {

        SessionFailure(String message, ExtensionProcess process) {
            super(message + "\n--- extension output ---\n" + process.outputText());
        }
    }
}
