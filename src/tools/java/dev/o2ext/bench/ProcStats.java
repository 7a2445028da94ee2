package dev.o2ext.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Readings of one process from {@code /proc}: CPU time of all its threads (user + system, also
 * what the launcher script spent before it {@code exec}ed the JVM in the same process, and what
 * the children it waited for spent, such as the registration's bash) and its resident set. A
 * process that is gone reads as -1.
 */
final class ProcStats {

    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux that matters here. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /**
     * utime + stime + cutime + cstime in seconds, fields 14 to 17 of {@code /proc/<pid>/stat}:
     * the process and the children it has waited for.
     */
    static double cpuSeconds(long pid) {
        try {
            String[] fields = statFields(Path.of("/proc", Long.toString(pid), "stat"));
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU milliseconds per thread name (threads of the same name added up), most first, e.g.
     * {@code java 310, C1 CompilerThre 220}: where a start-up's CPU went.
     */
    static String cpuByThread(long pid) {
        Map<String, Long> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm")).strip();
                long millis = Math.round(cpuSecondsOf(task.resolve("stat")) * 1000);
                byName.merge(name, millis, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
        return byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** utime + stime of one thread's or process's stat file, in seconds. */
    private static double cpuSecondsOf(Path statFile) throws IOException {
        String[] fields = statFields(statFile);
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    // fields[0] is field 3 (state), so utime (14) is fields[11], stime (15) fields[12], cutime
    // (16) fields[13] and cstime (17) fields[14]
    private static String[] statFields(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** Current resident set size in MiB ({@code VmRSS}). */
    static double rssMib(long pid) {
        return statusKib(pid, "VmRSS:") / 1024.0;
    }

    /** Peak resident set size in MiB ({@code VmHWM}). */
    static double peakRssMib(long pid) {
        return statusKib(pid, "VmHWM:") / 1024.0;
    }

    /**
     * Anonymous resident memory in MiB ({@code RssAnon}): what the kernel cannot reclaim without
     * swap (Lambda has none), unlike file pages such as {@code libjvm.so} or clean pages of the AOT
     * cache, which it can drop and read again.
     */
    static double anonRssMib(long pid) {
        return statusKib(pid, "RssAnon:") / 1024.0;
    }

    /** Number of threads ({@code Threads}). */
    static long threads(long pid) {
        return statusKib(pid, "Threads:");
    }

    private static long statusKib(long pid, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
