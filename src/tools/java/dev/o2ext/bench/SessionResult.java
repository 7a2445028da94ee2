package dev.o2ext.bench;

import dev.o2ext.sim.ShutdownLine;
import java.util.List;

/**
 * What one session measured. Times in milliseconds from the process start as the simulator saw
 * it (just before {@code fork}); CPU in seconds of all threads; memory in MiB.
 *
 * @param cpuAtFirstNext CPU time read when the simulator froze the process right after its first next
 * @param rssAfterInit resident set when frozen after Init
 * @param idleRss resident set when frozen after the last small invocation (before the burst)
 * @param peakRss VmHWM at the end, before Shutdown
 * @param anonRss RssAnon at the end, before Shutdown: the part of the resident set that cannot be reclaimed
 * @param postRuntimeMs post-runtime duration of every small invocation, in order
 * @param burstRecordsPerSecond burst lines / (last stored at OpenObserve − platform.start); 0 without a burst
 * @param shipped distinct {@code function} lines OpenObserve stored
 * @param duplicates lines stored more than once (a retried batch whose answer was lost)
 * @param expected function lines emitted
 * @param shutdownMs from SHUTDOWN to the exit
 * @param exitCode the exit status
 * @param registeredBy the registration's {@code User-Agent}: "" from the layer's launcher, {@code Java/…} from the JVM
 * @param output what the extension printed, both streams
 */
record SessionResult(
        double register,
        double firstNext,
        double cpuAtFirstNext,
        double rssAfterInit,
        double idleRss,
        double peakRss,
        double anonRss,
        long threads,
        List<Double> postRuntimeMs,
        double burstRecordsPerSecond,
        long shipped,
        long duplicates,
        long expected,
        double shutdownMs,
        int exitCode,
        double cpuTotal,
        String registeredBy,
        String output) {

    /** Post-runtime of the first invocation (cold code paths, the first connection); 0 without invocations. */
    double firstPostRuntime() {
        return postRuntimeMs.isEmpty() ? 0 : postRuntimeMs.get(0);
    }

    boolean complete() {
        return shipped == expected && exitCode == 0;
    }

    /**
     * Why a run that is not {@link #complete()} is not, with the extension's own account of it (its
     * shutdown line): a counted loss names its reasons ({@code buffer_full=N}, left unsent at exit,
     * ...); a shutdown line that reports none means the lines were lost where the extension does
     * not count (never received from the Telemetry API) or were miscounted here.
     */
    String shortfall() {
        String lines = (shipped == expected) ? "" : (expected - shipped) + " of " + expected + " lines not stored; ";
        String account = ShutdownLine.find(output.lines().toList())
                .map(line -> line.problem().orElse("its shutdown line reports no loss (received " + line.received()
                        + ", shipped " + line.shipped() + ")"))
                .orElse("no shutdown line");
        return lines + "exit " + exitCode + "; " + account;
    }
}
