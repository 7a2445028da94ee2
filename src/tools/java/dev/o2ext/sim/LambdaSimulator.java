package dev.o2ext.sim;

import tools.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Lambda platform as an external extension sees it, on 127.0.0.1 with a free port: the
 * Extensions API, the Telemetry API with real batching, the Runtime API for an optional function
 * process, process start, freeze and SIGKILL, and the telemetry of Init, every invocation and the
 * processes' output.
 *
 * <p>Use: {@link #builder()} … {@link Builder#start()}, {@link #launchExtension} (and optionally
 * {@link #launchFunction}), {@link #awaitInit}, {@link #invoke} with scripted lines (or
 * {@link #invokeFunction} with a function process) as often as needed, {@link #shutdown}, and always
 * {@link #close()}. The control
 * methods are meant for one thread (a test or a {@code main}); the observation methods may be
 * called from any thread. Every wait is bounded by the duration given or the event's deadline.
 */
public final class LambdaSimulator implements AutoCloseable {

    /** Lambda's Shutdown budget when external extensions are present. */
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofMillis(2_000);

    /** Lambda's budget for the whole Init phase. */
    public static final Duration INIT_BUDGET = Duration.ofSeconds(10);

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final PlatformState state;
    private final TelemetryHub telemetry = new TelemetryHub();
    private final PlatformRecords records;
    private final Sandbox sandbox;
    private final OutputRouting output;
    private final long initStartNanos = System.nanoTime();
    private final AtomicBoolean initEnded = new AtomicBoolean();
    private @Nullable Invoker invoker;

    private LambdaSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.state = new PlatformState(config.expectedExtensions());
        this.records = new PlatformRecords(config);
        this.sandbox = new Sandbox(config.freezeEnabled(), telemetry.gate());
        this.output = new OutputRouting(config, telemetry);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sim-http");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(ExtensionsApi.BASE, new ExtensionsApi(state, config, telemetry, records));
        server.createContext(TelemetryApi.PATH, new TelemetryApi(state, config, telemetry, records));
        server.createContext(RuntimeApi.BASE, new RuntimeApi(state));
        server.start();
        String instanceId = "2026/07/28/[" + config.functionVersion() + "]" + UUID.randomUUID().toString().replace("-", "");
        telemetry.publish(TelemetryEvent.now("platform.initStart", records.initStart(instanceId)));
    }

    public static Builder builder() {
        return new Builder();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** {@code 127.0.0.1:PORT}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String runtimeApiAddress() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The variables Lambda gives an extension, before the function's own. */
    public Map<String, String> lambdaEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApiAddress());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", config.functionVersion());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memorySizeMb()));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", config.initializationType());
        environment.put("AWS_REGION", config.region());
        environment.put("AWS_DEFAULT_REGION", config.region());
        environment.put("TZ", ":UTC");
        // Lambda's PATH first (so the layer's launcher finds bash where Lambda has it), then this
        // machine's, for the tools a local function may need (node, python, … where they are here)
        String local = System.getenv("PATH");
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin:/opt/bin" + (local == null ? "" : ":" + local));
        return environment;
    }

    /**
     * Starts an extension process during Init with {@link #lambdaEnvironment()} plus {@code environment}.
     * Its output lines are kept, optionally echoed, and fed back as {@code extension} telemetry.
     * An exit outside Shutdown is recorded as {@code Extension.Crash}.
     */
    public ExtensionProcess launchExtension(List<String> command, Map<String, String> environment) {
        if (state.phase() != PlatformState.Phase.INIT) {
            throw new IllegalStateException("extensions start during Init only");
        }
        state.processLaunched();
        try {
            ExtensionProcess process = sandbox.launch(command, lambdaEnvironment(), environment, output::extension);
            process.onExit(() -> exitedOutsideShutdown(process, "Extension.Crash", String.join(" ", command)));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Starts the function's runtime process, which must speak the Runtime API; as on Lambda it
     * starts only once every launched extension has registered (waiting up to {@link #INIT_BUDGET}),
     * and not at all when Init has already failed (an {@link IllegalStateException} says why). A
     * command that cannot be started ends Init with {@code Runtime.InvalidEntrypoint}.
     * Its output lines become {@code function} telemetry; Init now also waits for its first next call.
     */
    public ExtensionProcess launchFunction(List<String> command, Map<String, String> environment)
            throws InterruptedException {
        if (state.phase() != PlatformState.Phase.INIT) {
            throw new IllegalStateException("the function starts during Init only");
        }
        state.expectRuntime();
        if (!state.await(s -> s.allLaunchedRegistered() || s.initFailure() != null,
                System.nanoTime() + INIT_BUDGET.toNanos())) {
            throw new IllegalStateException("extensions did not register within " + INIT_BUDGET);
        }
        ErrorReport failure = state.initFailure();
        if (failure != null) {
            throw new IllegalStateException("Init failed before the function could start: " + failure.errorType()
                    + " from " + failure.extensionName());
        }
        Map<String, String> lambda = new LinkedHashMap<>(lambdaEnvironment());
        lambda.put("_HANDLER", config.handler());
        try {
            ExtensionProcess process = sandbox.launchFunction(command, lambda, environment, output::function);
            process.onExit(() -> exitedOutsideShutdown(process, "Runtime.ExitError", "runtime"));
            return process;
        } catch (IOException e) {
            // Lambda's answer to a bootstrap it cannot execute; it ends Init at once
            state.reportError(new ErrorReport(ErrorReport.Kind.RUNTIME_INIT_ERROR, "runtime",
                    "Runtime.InvalidEntrypoint", "cannot start " + command + ": " + e.getMessage(), null,
                    System.nanoTime()), null);
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Waits until Init ends: every expected extension registered and called next (then the
     * platform's init events are emitted and the sandbox is frozen until the first invocation),
     * or one posted {@code init/error}, or a process exited.
     */
    public InitResult awaitInit(Duration timeout) throws InterruptedException {
        state.await(s -> s.phase() != PlatformState.Phase.INIT || s.initFailure() != null,
                System.nanoTime() + timeout.toNanos());
        ErrorReport failure = state.initFailure();
        if (failure != null) {
            InitResult.Status status = failure.kind() == ErrorReport.Kind.CRASH
                    ? InitResult.Status.CRASHED : InitResult.Status.INIT_ERROR;
            return new InitResult(status, failure, Duration.ofNanos(failure.nanos() - initStartNanos));
        }
        if (state.phase() == PlatformState.Phase.INIT) {
            return new InitResult(InitResult.Status.TIMED_OUT, null, Duration.ofNanos(System.nanoTime() - initStartNanos));
        }
        Duration initDuration = Duration.ofNanos(state.initDoneNanos() - initStartNanos);
        if (initEnded.compareAndSet(false, true)) {
            telemetry.publish(TelemetryEvent.now("platform.initRuntimeDone", records.initRuntimeDone("success")));
            telemetry.publish(TelemetryEvent.now("platform.initReport", records.initReport("success", initDuration)));
            telemetry.initEnded();
            Invoker created = new Invoker(state, telemetry, records, sandbox, config, initDuration);
            invoker = created;
            output.invocationsBegin(created);
            sandbox.freeze();
        }
        return new InitResult(InitResult.Status.READY, null, initDuration);
    }

    /**
     * Runs one invocation whose function prints {@code functionLines} (strings, or maps / JSON
     * nodes for JSON-format records); {@code timeout} is the function timeout and bounds every wait.
     * A {@link Duration} among the lines is a pause: one that reaches the timeout times the function
     * out (status {@code timeout}; Lambda would then reset the sandbox, which a test plays with
     * {@code shutdown("timeout", …)}); a {@link FunctionFailure} ends it with status {@code error}.
     * Init must have ended successfully (it is awaited here, bounded by the same timeout).
     */
    public InvocationResult invoke(String requestId, List<?> functionLines, Duration timeout) throws InterruptedException {
        if (sandbox.function() != null) {
            throw new IllegalStateException("a function process answers invocations: use invokeFunction");
        }
        return readyInvoker(timeout).invoke(requestId, new ScriptedRun(functionLines), timeout);
    }

    /**
     * Runs one invocation of the function process launched with {@link #launchFunction}: the payload
     * goes to its Runtime API next call, and its answer (or the timeout) ends the function's part.
     */
    public InvocationResult invokeFunction(String requestId, String payloadJson, Duration timeout)
            throws InterruptedException {
        ExtensionProcess function = sandbox.function();
        if (function == null) {
            throw new IllegalStateException("no function process: launchFunction first, or use invoke with lines");
        }
        return readyInvoker(timeout).invoke(requestId, new ProcessRun(state, function, payloadJson), timeout);
    }

    private Invoker readyInvoker(Duration timeout) throws InterruptedException {
        InitResult init = awaitInit(timeout);
        Invoker current = invoker;
        if (!init.ready() || current == null || state.phase() != PlatformState.Phase.READY) {
            throw new IllegalStateException("cannot invoke: Init " + init.status() + ", phase " + state.phase());
        }
        return current;
    }

    /**
     * Begins one of many concurrent invocations of a Lambda Managed Instances environment: publishes
     * {@code platform.start} now; the handle prints the function's lines and ends it with a
     * {@code platform.report} and no {@code platform.runtimeDone}, as there. Callable from any
     * thread once Init has ended.
     */
    public ConcurrentInvocation beginConcurrent(String requestId) {
        if (!config.managedInstances()) {
            throw new IllegalStateException("concurrent invocations exist on Lambda Managed Instances only");
        }
        if (state.phase() != PlatformState.Phase.READY) {
            throw new IllegalStateException("cannot invoke in phase " + state.phase());
        }
        return new ConcurrentInvocation(requestId, telemetry, records);
    }

    /**
     * A SnapStart restore after Init: the snapshot stays frozen for {@code frozenFor} (no process
     * runs, as a snapshot does not), then {@code platform.restoreStart}, the runtime's restore
     * ({@code platform.restoreRuntimeDone}) and {@code platform.restoreReport}; the next
     * {@link #invoke} thaws the processes. What a real restore also changes (a new microVM, a clock
     * that jumped) cannot be played to a local process: the extension must not rely on the time.
     */
    public void restore(Duration frozenFor) throws InterruptedException {
        if (!"snap-start".equals(config.initializationType())) {
            throw new IllegalStateException("a restore needs snapStart()");
        }
        readyInvoker(INIT_BUDGET);
        Thread.sleep(frozenFor.toMillis());
        ObjectNode start = Json.MAPPER.createObjectNode();
        start.put("runtimeVersion", config.runtimeVersion());
        start.put("functionName", config.functionName());
        start.put("functionVersion", config.functionVersion());
        telemetry.publish(TelemetryEvent.now("platform.restoreStart", start));
        ObjectNode done = Json.MAPPER.createObjectNode().put("status", "success");
        telemetry.publish(TelemetryEvent.now("platform.restoreRuntimeDone", done));
        ObjectNode report = Json.MAPPER.createObjectNode().put("status", "success");
        report.putObject("metrics").put("durationMs", 120.0);
        telemetry.publish(TelemetryEvent.now("platform.restoreReport", report));
    }

    /** {@link #shutdown(String, Duration)} with reason {@code spindown} and 2,000 ms. */
    public ShutdownResult shutdown() throws InterruptedException {
        return shutdown("spindown", DEFAULT_SHUTDOWN_DEADLINE);
    }

    /**
     * Sends SHUTDOWN with {@code deadlineMs = now + deadline} to every extension that registered for
     * it (and SIGTERM to the function process), waits for every launched process to exit, and
     * SIGKILLs what is still alive at the deadline. The result lists the extensions' exits.
     */
    public ShutdownResult shutdown(String reason, Duration deadline) throws InterruptedException {
        if (!state.advanceTo(PlatformState.Phase.SHUTDOWN)) {
            throw new IllegalStateException("already shut down");
        }
        return new ShutdownSequence(state, sandbox).run(reason, deadline);
    }

    /**
     * Publishes a platform event the simulator does not produce itself (e.g. {@code platform.logsDropped},
     * which Lambda sends when a subscriber falls behind), timed now, to every subscriber.
     */
    public void publishPlatformEvent(String type, JsonNode record) {
        if (!type.startsWith("platform.")) {
            throw new IllegalArgumentException("not a platform event: " + type);
        }
        telemetry.publish(TelemetryEvent.now(type, record));
    }

    /**
     * Runs {@code action} with the extension processes running even if the sandbox is frozen
     * (telemetry stays held back), e.g. to read an extension's diagnostics between invocations.
     */
    public <T> T whileThawed(Callable<T> action) throws Exception {
        return sandbox.whileThawed(action);
    }

    /** The extension processes. */
    /**
     * Calls {@code listener} on the Extensions API's thread as each next call arrives, with its
     * time ({@link InvocationResult#nextCalledNanos()}), before the call counts: what it sees is the
     * state of the world at the moment the extension called next (a connection tap's sockets, say).
     */
    public void onNextCall(LongConsumer listener) {
        state.onNext(listener);
    }

    public List<ExtensionProcess> processes() {
        return sandbox.processes();
    }

    /** The function process, if one was launched. */
    public @Nullable ExtensionProcess functionProcess() {
        return sandbox.function();
    }

    public List<ExtensionObservation> extensions() {
        synchronized (state) {
            return state.extensions().stream()
                    .map(e -> new ExtensionObservation(e.name, e.id, e.registeredBy, e.registerNanos, e.firstNextNanos, e.nextCalls))
                    .toList();
        }
    }

    public List<InvocationResult> invocations() {
        Invoker current = invoker;
        return current == null ? List.of() : current.results();
    }

    /** Init errors, exit errors and crashes, in order. */
    public List<ErrorReport> errors() {
        return state.errors();
    }

    public List<TelemetrySubscription> subscriptions() {
        return telemetry.subscriptions();
    }

    /** Every Telemetry API POST made so far and how it was answered. */
    public List<TelemetryDelivery> deliveries() {
        return telemetry.deliveries();
    }

    /** Events queued for subscribers but not yet delivered. */
    public int pendingTelemetry() {
        return telemetry.pending();
    }

    /** When the simulator (and so Init) started, {@link System#nanoTime()}. */
    public long initStartNanos() {
        return initStartNanos;
    }

    /** When Init ended successfully, {@link System#nanoTime()}; 0 before. */
    public long initDoneNanos() {
        return state.initDoneNanos();
    }

    public boolean frozen() {
        return sandbox.frozen();
    }

    /** Kills every process, releases blocked next calls and stops the servers. Idempotent. */
    @Override
    public void close() {
        state.advanceTo(PlatformState.Phase.CLOSED);
        sandbox.killAll();
        telemetry.close();
        state.extensions().forEach(e -> e.queue.add(RegisteredExtension.CLOSED));
        RuntimeSlot runtime = state.runtime();
        if (runtime != null) {
            runtime.queue.add(RuntimeSlot.CLOSED);
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void exitedOutsideShutdown(ExtensionProcess process, String errorType, String name) {
        PlatformState.Phase phase = state.phase();
        if (phase == PlatformState.Phase.SHUTDOWN || phase == PlatformState.Phase.CLOSED) {
            return;
        }
        int exitCode = (int) process.exitCode().orElse(-1);
        state.reportError(new ErrorReport(ErrorReport.Kind.CRASH, name, errorType,
                "exited with status " + exitCode + " outside Shutdown", exitCode, System.nanoTime()), null);
    }

    /** Configuration of the simulated function; every setting has Lambda's usual default. */
    public static final class Builder {

        private String functionName = "o2-sim-function";
        private String functionVersion = "$LATEST";
        private String region = "us-east-1";
        private int memorySizeMb = 512;
        private String accountId = "123456789012";
        private String handler = "index.handler";
        private String runtimeVersion = "provided:al2023.AmazonLinux2023.v147";
        private Buffering defaultBuffering = Buffering.PLATFORM_DEFAULT;
        private boolean freezing = true;
        private boolean telemetrySupported = true;
        private @Nullable String echoPrefix;
        private int expectedExtensions;
        private boolean jsonLogFormat;
        private String initializationType = "on-demand";

        private Builder() {
        }

        public Builder functionName(String value) {
            functionName = value;
            return this;
        }

        public Builder functionVersion(String value) {
            functionVersion = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder memorySizeMb(int value) {
            memorySizeMb = value;
            return this;
        }

        public Builder accountId(String value) {
            accountId = value;
            return this;
        }

        public Builder handler(String value) {
            handler = value;
            return this;
        }

        /** Buffering of a subscription that leaves it out (default 10000 items, 256 KiB, 1000 ms). */
        public Builder defaultBuffering(Buffering value) {
            defaultBuffering = value;
            return this;
        }

        /** Whether processes are stopped between events (default true). */
        public Builder freezing(boolean value) {
            freezing = value;
            return this;
        }

        /** False plays a local emulator: subscriptions get 202 {@code Telemetry.NotSupported}. */
        public Builder telemetrySupported(boolean value) {
            telemetrySupported = value;
            return this;
        }

        /** Echo every extension output line to System.out with this prefix. */
        public Builder echoOutput(String prefix) {
            echoPrefix = prefix;
            return this;
        }

        /** How many extensions Init waits for when they are not launched by the simulator. */
        public Builder expectedExtensions(int value) {
            expectedExtensions = value;
            return this;
        }

        /** A function process's output lines that are JSON objects become object records (default false). */
        public Builder jsonLogFormat(boolean value) {
            jsonLogFormat = value;
            return this;
        }

        /**
         * SnapStart ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): after Init the environment is
         * snapshotted; {@link LambdaSimulator#restore} models the restore before the first invocation.
         */
        public Builder snapStart() {
            initializationType = "snap-start";
            return this;
        }

        /**
         * Lambda Managed Instances ({@code AWS_LAMBDA_INITIALIZATION_TYPE=lambda-managed-instances}):
         * INVOKE registration is refused with 403 {@code Extension.InvalidEventType}, nothing is frozen,
         * and invocations run concurrently with {@link LambdaSimulator#beginConcurrent}.
         */
        public Builder managedInstances() {
            initializationType = SimulatorConfig.MANAGED_INSTANCES;
            freezing = false;
            return this;
        }

        public LambdaSimulator start() {
            SimulatorConfig config = new SimulatorConfig(functionName, functionVersion, region, memorySizeMb, accountId,
                    handler, runtimeVersion, defaultBuffering, freezing, telemetrySupported, echoPrefix,
                    expectedExtensions, jsonLogFormat, initializationType);
            try {
                return new LambdaSimulator(config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the simulator", e);
            }
        }
    }
}
