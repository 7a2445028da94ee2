package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.ConcurrentInvocation;
import dev.o2ext.sim.ErrorReport;
import dev.o2ext.sim.ExtensionObservation;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.LambdaSimulator;
import dev.o2ext.sim.ShutdownResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lambda Managed Instances: the extension registers for SHUTDOWN only (the simulator refuses INVOKE
 * as the platform does), and 8 concurrent invocations whose lines interleave for
 * {@code -Dmi.seconds} (default 30) are all delivered, once, with their own request id, within the
 * flush interval plus a tolerance. Prints the latency percentiles and the extension's resident memory.
 */
class ManagedInstancesIT extends EndToEndTest {

    private static final int CONCURRENCY = 8;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("mi.seconds", 30));
    private static final Duration INTERVAL = Duration.ofMillis(1_000);
    /** The telemetry buffering (25 ms), one request, and scheduling on a loaded two-core machine. */
    private static final Duration TOLERANCE = Duration.ofMillis(1_000);

    @Override
    LambdaSimulator.Builder simulatorBuilder() {
        return super.simulatorBuilder().managedInstances();
    }

    @Test
    void eightInterleavedInvocationsAreDeliveredContinuouslyWithTheirOwnRequestIds() throws Exception {
        start(Map.of("O2_FLUSH_INTERVAL_MS", Long.toString(INTERVAL.toMillis())));
        assertThat(sim().extensions()).extracting(ExtensionObservation::name).hasSize(1);
        assertThat(sim().errors()).as("no crash, no init error").isEmpty();

        Map<String, Long> emitted = new ConcurrentHashMap<>(); // "requestId/seq" -> nanoTime printed
        List<String> requestIds = Collections.synchronizedList(new ArrayList<>());
        AtomicLong rssPeakKib = new AtomicLong();
        List<Long> rssSamples = Collections.synchronizedList(new ArrayList<>());
        long endNanos = System.nanoTime() + RUN.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY + 1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < CONCURRENCY; t++) {
            int worker = t;
            workers.add(pool.submit(() -> {
                for (int n = 0; System.nanoTime() < endNanos; n++) {
                    ConcurrentInvocation invocation = sim().beginConcurrent("mi-" + worker + "-" + n);
                    requestIds.add(invocation.requestId());
                    int lines = ThreadLocalRandom.current().nextInt(5, 40);
                    for (int seq = 0; seq < lines; seq++) {
                        long now = System.nanoTime();
                        emitted.put(invocation.requestId() + "/" + seq, now);
                        invocation.line(Map.of("timestamp", "2026-12-02T00:00:00Z", "level", "INFO",
                                "requestId", invocation.requestId(), "message", "line " + seq, "seq", seq));
                        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 25));
                    }
                    invocation.end();
                }
                return null;
            }));
        }
        pool.submit(() -> {
            while (System.nanoTime() < endNanos) {
                long rss = residentKib(extension().pid());
                rssSamples.add(rss);
                rssPeakKib.accumulateAndGet(rss, Math::max);
                Thread.sleep(500);
            }
            return null;
        });
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        Thread.sleep(INTERVAL.plus(TOLERANCE).toMillis()); // the last lines' bound, then SHUTDOWN
        JsonNode diagnostics = diagnostics();
        ShutdownResult shutdown = shutdown();

        Map<String, StoredRecord> stored = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        List<String> misattributed = new ArrayList<>();
        for (StoredRecord record : storedOfType("function")) {
            // the JSON line's fields are the record; its own requestId is the record's requestId
            JsonNode line = record.record();
            String own = line.path("requestId").asString("");
            if (!line.path("message").asString("").equals("line " + line.path("seq").asInt(-1))
                    || !requestIds.contains(own)) {
                misattributed.add(own);
            }
            if (stored.put(own + "/" + line.path("seq").asInt(-1), record) != null) {
                duplicates.add(own);
            }
        }
        List<Long> latencies = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (Map.Entry<String, Long> line : emitted.entrySet()) {
            StoredRecord record = stored.get(line.getKey());
            if (record != null) {
                long millis = (record.arrivalNanos() - line.getValue()) / 1_000_000;
                latencies.add(millis);
                if (millis > INTERVAL.plus(TOLERANCE).toMillis()) {
                    late.add(line.getKey() + " " + millis + " ms");
                }
            }
        }
        Collections.sort(latencies);
        System.out.printf("managed instances: %d invocations, %d lines in %d s by %d workers; latency p50 %d ms,"
                + " p99 %d ms, max %d ms; extension RSS peak %d KiB, last %d KiB (samples %d); ingest requests %d%n",
                requestIds.size(), emitted.size(), RUN.toSeconds(), CONCURRENCY, percentile(latencies, 50),
                percentile(latencies, 99), percentile(latencies, 100), rssPeakKib.get(),
                rssSamples.isEmpty() ? 0 : rssSamples.get(rssSamples.size() - 1), rssSamples.size(),
                fake.ingestRequests().size());

        assertThat(stored.keySet()).as("every line delivered").containsAll(emitted.keySet());
        assertThat(stored).as("nothing else delivered").hasSameSizeAs(emitted);
        assertThat(duplicates).as("lines delivered twice").isEmpty();
        assertThat(misattributed).as("lines attributed to another request").isEmpty();
        assertThat(late).as("lines delivered later than %s + %s", INTERVAL, TOLERANCE).isEmpty();
        assertThat(droppedAtIngest(diagnostics) + droppedAfterAcceptance(diagnostics)).as("drops").isZero();
        assertThat(storedOfType("platform.runtimeDone")).as("no runtimeDone on Managed Instances").isEmpty();
        assertThat(storedOfType("platform.report")).as("one report per invocation, shipped by SHUTDOWN")
                .hasSize(requestIds.size());
        assertThat(shutdown.single().exitedBeforeDeadline()).isTrue();
        assertThat(extension().outputText()).doesNotContain("Extensions API failed");
    }

    @Test
    void theLatencyIsTheFlushIntervalSoItCannotBeSwitchedOff() throws Exception {
        launch(Map.of("O2_FLUSH_INTERVAL_MS", "0"));
        InitResult init = sim().awaitInit(INIT_TIMEOUT);
        assertThat(init.ready()).isFalse();
        // what Lambda shows the user: the init error's message (the process's own output may still
        // be on its way through the pipe when the native executable has already exited)
        ErrorReport error = init.error();
        assertThat(error).as("init/error; output:\n%s", extension().outputText()).isNotNull();
        assertThat(JSON.readTree(error.body()).path("errorMessage").asString())
                .contains("O2_FLUSH_INTERVAL_MS must not be 0 on Lambda Managed Instances");
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** VmRSS of a process (Linux), 0 when it cannot be read. */
    private static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
