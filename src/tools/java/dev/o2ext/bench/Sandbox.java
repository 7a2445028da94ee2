package dev.o2ext.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A model of a Lambda sandbox on this machine's cgroup v1 controllers: a {@code memory} group
 * whose limit is the function's memory (what Lambda's "Max Memory Used" reads is its peak usage,
 * page cache included) and a {@code cpu} group that gets memory/1769 of one CPU when
 * {@link #throttle()} is called (after Init: Lambda gives Init the whole CPU). The extension
 * joins both through {@link #wrap}; {@link #holdFunctionMemory} starts a process that stands in
 * for the function, holding that many MiB of touched anonymous memory in the same group.
 * {@link #close()} kills what is left in the groups and removes them. Needs root.
 */
final class Sandbox implements AutoCloseable {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final long CFS_PERIOD_US = 100_000;
    private static final double LAMBDA_MB_PER_VCPU = 1769;

    private final int memoryMb;
    private final Path memory;
    private final Path cpu;
    private final List<Process> functions = new ArrayList<>();

    private Sandbox(int memoryMb, Path memory, Path cpu) {
        this.memoryMb = memoryMb;
        this.memory = memory;
        this.cpu = cpu;
    }

    /** Creates the groups; fails with the reason when this machine cannot model a sandbox. */
    static Sandbox create(String name, int memoryMb) throws IOException {
        if (!Files.isWritable(ROOT.resolve("memory")) || !Files.isRegularFile(ROOT.resolve("cpu/cpu.cfs_quota_us"))) {
            throw new IllegalStateException("the sandbox model needs root and cgroup v1 memory and cpu controllers under " + ROOT);
        }
        Path memory = ROOT.resolve("memory").resolve(name);
        Path cpu = ROOT.resolve("cpu").resolve(name);
        for (Path group : List.of(memory, cpu)) {
            if (Files.isDirectory(group)) {
                Files.delete(group); // left by an interrupted run; fails if it still has processes
            }
            Files.createDirectory(group);
        }
        Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryMb * 1024L * 1024L));
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
        return new Sandbox(memoryMb, memory, cpu);
    }

    /** A new sandbox starts cold: nothing of the layer is in the page cache. */
    static void dropPageCache() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }

    /** The command, started inside both groups (a shell adds itself, then execs it: same pid). */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > " + memory.resolve("cgroup.procs") + " && echo $$ > " + cpu.resolve("cgroup.procs")
                        + " && exec \"$@\"", "sandbox"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** A process that holds {@code mb} MiB of touched memory in the memory group until close. */
    void holdFunctionMemory(int mb) throws IOException, InterruptedException {
        String script = "import os,sys,time\n"
                + "open(sys.argv[1],'w').write(str(os.getpid()))\n"
                + "b=bytearray(int(sys.argv[2])<<20)\n"
                + "for i in range(0,len(b),4096): b[i]=1\n"
                + "print('ready',flush=True)\n"
                + "time.sleep(3600)\n";
        Process function = new ProcessBuilder("python3", "-c", script, memory.resolve("cgroup.procs").toString(),
                Integer.toString(mb)).redirectErrorStream(true).start();
        functions.add(function);
        String ready = new String(function.getInputStream().readNBytes(6), StandardCharsets.UTF_8);
        if (!ready.equals("ready\n")) {
            throw new IllegalStateException("the stand-in function did not start (python3 needed): " + ready);
        }
    }

    /** From now on the group gets memory/1769 of one CPU, as a Lambda function after Init. */
    void throttle() {
        long quota = Math.max(1_000, Math.round(CFS_PERIOD_US * memoryMb / LAMBDA_MB_PER_VCPU));
        try {
            Files.writeString(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        } catch (IOException e) {
            throw new IllegalStateException("could not set the CPU quota", e);
        }
    }

    /** Peak usage of the memory group in MiB, page cache included: Lambda's "Max Memory Used". */
    double maxMemoryUsedMib() throws IOException {
        return Long.parseLong(Files.readString(memory.resolve("memory.max_usage_in_bytes")).trim()) / 1048576.0;
    }

    /** Processes the kernel's OOM killer ended in this group. */
    long oomKills() throws IOException {
        return Files.readAllLines(memory.resolve("memory.oom_control")).stream()
                .filter(line -> line.startsWith("oom_kill ")).mapToLong(line -> Long.parseLong(line.substring(9).trim()))
                .sum();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process function : functions) {
            function.destroyForcibly();
            function.waitFor(10, TimeUnit.SECONDS);
        }
        for (Path group : List.of(memory, cpu)) {
            for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
                new ProcessBuilder("kill", "-9", pid.trim()).start().waitFor();
            }
        }
        for (Path group : List.of(memory, cpu)) {
            for (int attempt = 0; attempt < 50 && Files.isDirectory(group); attempt++) {
                try {
                    Files.delete(group);
                } catch (IOException busy) {
                    Thread.sleep(100);
                }
            }
        }
    }
}
