package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.OutageMode;
import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.ExtensionProcess;
import dev.o2ext.sim.OutputLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The spill to {@code /tmp} ({@code O2_SPILL_MAX_MB}) against the built extension: a 30-second
 * outage with a 1 MiB memory buffer, with the spill on (nothing lost) and off (the loss counted),
 * and a restart of the extension that takes over what the first run spilled.
 */
class SpillIT extends EndToEndTest {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    /** About 300 KiB per invocation: the 1 MiB buffer is full after four invocations of the outage. */
    private static final int LINES = 300;

    private static final String PADDING = "x".repeat(1000);

    @TempDir
    Path spillRoot;

    @Test
    void aThirtySecondOutageLosesNothingWithTheSpillOn() throws Exception {
        Path directory = this.spillRoot.resolve("spill");
        start(spillOn(directory, 64));
        Outage outage = runOutage();
        JsonNode diagnostics = diagnostics();
        long peakRssKib = extension().peakRssKib().orElse(-1);
        shutdown();

        long spilledBytes = outage.maxSpillBytes();
        System.out.printf("30 s outage, spill on: %d invocations during it, %d lines emitted; spilled %d records,"
                + " at most %d bytes on disk (%d segments); recovered in %d ms after the outage; peak RSS %s KiB;"
                + " post-runtime during the outage %s ms%n", outage.requestIds().size(), outage.emitted(),
                diagnostics.path("spill").path("spilled").asLong(), spilledBytes, outage.maxSegments(),
                outage.recoveryMillis(), peakRssKib, outage.postRuntimes());
        assertThat(diagnostics.path("spill").path("spilled").asLong()).as("records spilled").isPositive();
        assertThat(diagnostics.path("buffer").path("highWaterBytes").asLong()).as("memory buffer's most")
                .isLessThanOrEqualTo(diagnostics.path("buffer").path("capacityBytes").asLong());
        assertThat(droppedAtIngest(diagnostics) + droppedAfterAcceptance(diagnostics)).as("drops").isZero();
        assertThat(spilledBytes).as("bytes on disk").isPositive().isLessThanOrEqualTo(64L << 20);
        assertEveryLineOnce(outage.requestIds());
        assertThat(spillFiles(directory)).as("files left after shutdown").isEmpty();
    }

    @Test
    void withoutTheSpillTheSameOutageLosesWhatDoesNotFitAndCountsIt() throws Exception {
        Path directory = this.spillRoot.resolve("spill");
        start(Map.of("O2_MAX_BUFFER_SIZE_MB", "1", "O2_FLUSH_BUDGET_MS", "500", "O2_SPILL_DIR", directory.toString()));
        Outage outage = runOutage();
        JsonNode diagnostics = diagnostics();
        long peakRssKib = extension().peakRssKib().orElse(-1);
        shutdown();

        long stored = outage.requestIds().stream().mapToLong(id -> distinctLines(id).size()).sum();
        long missing = outage.emitted() - stored;
        long bufferFull = diagnostics.path("counters").path("dropped").path("buffer_full").asLong();
        System.out.printf("30 s outage, spill off: %d lines emitted, %d stored, %d records refused as buffer_full"
                + " (platform records included); peak RSS %s KiB%n", outage.emitted(), stored, bufferFull, peakRssKib);
        assertThat(missing).as("function lines lost").isPositive().isLessThanOrEqualTo(bufferFull);
        JsonNode counters = diagnostics.path("counters");
        assertThat(counters.path("received").asLong()).as("every record shipped or counted as dropped")
                .isEqualTo(counters.path("shipped").asLong() + counters.path("droppedTotal").asLong());
        assertThat(directory).as("nothing written without O2_SPILL_MAX_MB").doesNotExist();
    }

    @Test
    void whatARunSpilledIsSentFirstByTheNextRunInTheSameSandbox() throws Exception {
        Path directory = this.spillRoot.resolve("spill");
        Map<String, String> environment = new HashMap<>(spillOn(directory, 64));
        environment.put("O2_FLUSH_BUDGET_MS", "300");
        environment.put("O2_FLUSH_INTERVAL_MS", "300");
        fake.startOutage(OutageMode.REFUSE);
        start(environment);
        List<String> requestIds = new ArrayList<>();
        // until the circuit opens: three failed flushes, more when a loaded machine cuts an attempt off at the budget
        while (requestIds.size() < 4 || !circuitOpen() && requestIds.size() < 12) {
            String requestId = "first-" + requestIds.size();
            requestIds.add(requestId);
            invoke(requestId, paddedLines(requestId, 50));
        }
        // a long invocation: its periodic flushes find the circuit open and move memory to the spill
        List<Object> slow = new ArrayList<>(paddedLines("first-slow", 50));
        slow.add(Duration.ofMillis(1500));
        requestIds.add("first-slow");
        invoke("first-slow", slow);
        JsonNode before = diagnostics();
        long onDisk = before.path("spill").path("items").asLong();
        assertThat(before.path("circuit").path("state").asString()).isEqualTo("open");
        assertThat(onDisk).as("records in the spill before the kill").isGreaterThanOrEqualTo(requestIds.size() * 51L);

        // the extension dies without a shutdown (a crash, an out-of-memory kill); the sandbox's /tmp stays
        ExtensionProcess first = extension();
        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
        first.awaitExit(System.nanoTime() + Duration.ofSeconds(10).toNanos());
        sim().close();
        fake.endOutage();

        start(environment);
        invoke("second-0", paddedLines("second-0", 5));
        JsonNode after = diagnostics();
        List<OutputLine> summary = shutdownSummary();

        long recovered = after.path("spill").path("recovered").asLong();
        System.out.printf("restart: %d records in the spill before the kill, %d taken over; summary: %s%n", onDisk,
                recovered, summary.stream().map(OutputLine::text).toList());
        // the function's lines were all on disk; what came after them (the last platform records) died in memory
        assertThat(recovered).as("records taken over").isGreaterThanOrEqualTo(requestIds.size() * 51L)
                .isLessThanOrEqualTo(onDisk);
        requestIds.add("second-0");
        assertEveryLineOnce(requestIds);
        // the shutdown line sums every lane: the platform metrics' points were spilled and taken over too
        long recoveredEverywhere = recovered;
        for (JsonNode signal : after.path("otlp")) {
            recoveredEverywhere += signal.path("spill").path("recovered").asLong();
        }
        assertThat(summary).singleElement().extracting(OutputLine::text).asString()
                .contains("recovered=" + recoveredEverywhere);
        // sent first: what the first run spilled reached OpenObserve before the second run's own lines
        List<String> order = stored().stream().map(r -> r.record().path("requestId").asString()).toList();
        assertThat(order.lastIndexOf("first-slow")).isLessThan(order.indexOf("second-0"));
    }

    private boolean circuitOpen() throws Exception {
        return diagnostics().path("circuit").path("state").asString().equals("open");
    }

    private Map<String, String> spillOn(Path directory, int megabytes) {
        return Map.of("O2_MAX_BUFFER_SIZE_MB", "1", "O2_FLUSH_BUDGET_MS", "500", "O2_SPILL_MAX_MB",
                Integer.toString(megabytes), "O2_SPILL_DIR", directory.toString());
    }

    /**
     * Invocations of {@link #LINES} lines about once a second through a 30-second outage, then
     * invocations until everything is delivered (the circuit's probe closes it).
     */
    private Outage runOutage() throws Exception {
        invoke("before", paddedLines("before", 5));
        fake.outage(OUTAGE, OutageMode.REFUSE);
        List<String> requestIds = new ArrayList<>(List.of("before"));
        List<Long> postRuntimes = new ArrayList<>();
        long emitted = 6;
        long maxBytes = 0;
        long maxSegments = 0;
        int n = 0;
        while (fake.outageActive()) {
            String requestId = "outage-" + n++;
            long started = System.nanoTime();
            postRuntimes.add(invoke(requestId, paddedLines(requestId, LINES)).postRuntime().toMillis());
            requestIds.add(requestId);
            emitted += LINES + 1;
            JsonNode spill = diagnostics().path("spill");
            maxBytes = Math.max(maxBytes, spill.path("bytes").asLong());
            maxSegments = Math.max(maxSegments, spill.path("segments").asLong());
            Thread.sleep(Math.max(0, 1000 - Duration.ofNanos(System.nanoTime() - started).toMillis()));
        }
        long ended = System.nanoTime();
        long recovered = -1;
        for (int i = 0; i < 120 && recovered < 0; i++) {
            String requestId = "after-" + i;
            List<Object> lines = new ArrayList<>(paddedLines(requestId, 5));
            lines.add(Duration.ofMillis(200)); // the probe runs while an invocation does
            invoke(requestId, lines);
            requestIds.add(requestId);
            emitted += 6;
            JsonNode diagnostics = diagnostics();
            if (diagnostics.path("counters").path("queued").asLong() == 0) {
                recovered = Duration.ofNanos(System.nanoTime() - ended).toMillis();
            }
        }
        return new Outage(requestIds, emitted, maxBytes, maxSegments, recovered, postRuntimes);
    }

    private static List<Object> paddedLines(String requestId, int count) {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(requestId + " line " + i + " " + PADDING);
        }
        lines.add(Map.of("level", "INFO", "requestId", requestId, "message", requestId + " json line"));
        return lines;
    }

    private Map<String, Long> distinctLines(String requestId) {
        return functionLinesOf(requestId).stream().map(StoredRecord::record)
                .collect(Collectors.groupingBy(r -> r.path("message").asString(), Collectors.counting()));
    }

    private void assertEveryLineOnce(List<String> requestIds) {
        for (String requestId : requestIds) {
            Map<String, Long> copies = distinctLines(requestId);
            int expected = requestId.startsWith("outage-") ? LINES + 1
                    : requestId.startsWith("first-") ? 51 : 6;
            assertThat(copies).as("lines of %s", requestId).hasSize(expected);
            assertThat(copies.values()).as("copies of each line of %s", requestId).containsOnly(1L);
        }
    }

    private List<OutputLine> shutdownSummary() throws InterruptedException {
        shutdown();
        return extension().output().stream().filter(line -> line.text().contains("o2-lambda-extension shutdown"))
                .toList();
    }

    private static List<Path> spillFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private record Outage(List<String> requestIds, long emitted, long maxSpillBytes, long maxSegments,
            long recoveryMillis, List<Long> postRuntimes) {
    }
}
