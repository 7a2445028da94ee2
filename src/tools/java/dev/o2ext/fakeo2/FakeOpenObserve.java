package dev.o2ext.fakeo2;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A fake OpenObserve on 127.0.0.1 that answers {@code POST /api/{org}/{stream}/_json} like the real
 * server and can be scripted into failing. Start with {@link #start(String)}, point the client at
 * {@link #endpoint()}, script with the mutators (all thread-safe, effective for the next request),
 * read what arrived with {@link #records}, {@link #stored} and {@link #requests()}, and
 * {@link #close()} at the end (which also releases hanging requests).
 *
 * <p>Also served: {@code POST /api/{org}/_search} (only the stream named in the SQL matters; hits
 * are flattened like the real server stores them), {@code GET /api/{org}/{stream}/_last?n=N}
 * (the last N records as sent) and {@code GET /healthz}.
 */
public final class FakeOpenObserve implements AutoCloseable {

    /** The organization the query shortcuts use unless another is given. */
    public static final String DEFAULT_ORGANIZATION = "default";

    private final ExecutorService executor = Executors.newCachedThreadPool(daemon("fake-o2-http"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("fake-o2-timer"));
    private final Behaviour behaviour = new Behaviour();
    private final StreamStore store = new StreamStore();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final ApiHandler handler;
    private final String organization;
    private final int port;
    private @Nullable HttpServer server;
    private @Nullable OutageMode outage;
    private int outageGeneration;

    private FakeOpenObserve(String authorization, String organization) throws IOException {
        this.organization = organization;
        this.handler = new ApiHandler(authorization, behaviour, store, this::recordRequest);
        HttpServer started = listen(0);
        this.port = started.getAddress().getPort();
        this.server = started;
    }

    /** A healthy fake that accepts exactly this {@code Authorization} value, organization {@code default}. */
    public static FakeOpenObserve start(String authorization) {
        return start(authorization, DEFAULT_ORGANIZATION);
    }

    /** A healthy fake whose query shortcuts read {@code organization}. */
    public static FakeOpenObserve start(String authorization, String organization) {
        try {
            return new FakeOpenObserve(authorization, organization);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake OpenObserve", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, the value of {@code O2_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    // ---- scripting -------------------------------------------------------------------------

    /** The next {@code count} ingestion requests get this answer (after any already queued). */
    public void nextAnswers(int count, Answer answer) {
        for (int i = 0; i < count; i++) {
            behaviour.enqueue(answer);
        }
    }

    /** The next {@code count} ingestion requests get the usual answer of {@code status}. */
    public void failNext(int count, int status) {
        nextAnswers(count, Answer.status(status));
    }

    /** Every ingestion request gets this answer until {@link #reset()} (after queued answers). */
    public void answerAlways(Answer answer) {
        behaviour.persistent(answer);
    }

    /** Every ingestion request gets the usual answer of {@code status} until {@link #reset()}. */
    public void persistentStatus(int status) {
        answerAlways(Answer.status(status));
    }

    /** 200 with {@code successful:0, failed:0} and nothing stored: the silent drop. */
    public void silentDrop(boolean enabled) {
        behaviour.silentDrop(enabled);
    }

    /** Every n-th record of a request is counted as failed (partial failure); 0 turns it off. */
    public void failEveryNth(int n) {
        behaviour.failEveryNth(n);
    }

    /** Delay before every ingestion answer. */
    public void latency(Duration latency) {
        behaviour.latency(latency);
    }

    /**
     * Ingestion requests ({@code _json} and {@code /v1/metrics}) from now on are held without an
     * answer until {@link #releaseHang()} or close.
     */
    public void hang() {
        behaviour.hang();
    }

    public void releaseHang() {
        behaviour.release();
    }

    /**
     * Ingestion requests ({@code _json} and {@code /v1/metrics}) from now on are read and never answered, what an overloaded ingester or a
     * half-open connection does; they are never stored. {@link #endStall()} (or reset, close) ends
     * the stall: the stalled exchanges are then closed with a 503, later requests answered again.
     */
    public void stall() {
        behaviour.stall();
    }

    public void endStall() {
        behaviour.endStall();
    }

    /** How many ingestion requests were ever stalled. */
    public int stalledRequests() {
        return handler.stalledRequests();
    }

    /** Starts an outage that lasts until {@link #endOutage()}. */
    public synchronized void startOutage(OutageMode mode) {
        endOutage();
        outage = mode;
        outageGeneration++;
        if (mode == OutageMode.REFUSE && server != null) {
            server.stop(0);
            server = null;
        } else {
            behaviour.unavailable(true);
        }
    }

    /** An outage that ends by itself after {@code duration}. */
    public synchronized void outage(Duration duration, OutageMode mode) {
        startOutage(mode);
        int generation = outageGeneration;
        timer.schedule(() -> endOutage(generation), duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void endOutage() {
        if (outage == OutageMode.REFUSE && server == null) {
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + port + " again after the outage", e);
            }
        }
        behaviour.unavailable(false);
        outage = null;
    }

    public synchronized boolean outageActive() {
        return outage != null;
    }

    /** Back to a healthy server: no queued or persistent answers, no latency, no hang, no outage. */
    public void reset() {
        endOutage();
        behaviour.reset();
    }

    // ---- observations ----------------------------------------------------------------------

    /** Every request answered so far, in order of answer. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The {@code _json} requests answered so far. */
    public List<RecordedRequest> ingestRequests() {
        return requests().stream().filter(r -> r.path().endsWith("/_json")).toList();
    }

    /** Accepted records of a stream (the name is normalised) with arrival times. */
    public List<StoredRecord> stored(String organization, String stream) {
        return store.records(organization, stream);
    }

    public List<StoredRecord> stored(String stream) {
        return stored(organization, stream);
    }

    /** The streams of the fake's organization that hold records (logs and each metric name), sorted. */
    public List<String> streams() {
        return store.streams(organization);
    }

    /** Accepted records of a stream of the default organization, as sent. */
    public List<JsonNode> records(String stream) {
        return stored(stream).stream().map(StoredRecord::record).toList();
    }

    public int count(String stream) {
        return stored(stream).size();
    }

    /** How many ingestion requests were ever held by {@link #hang()}. */
    public int hungRequests() {
        return handler.hungRequests();
    }

    /** Scripted answers not yet used. */
    public int queuedAnswers() {
        return behaviour.queuedAnswers();
    }

    @Override
    public synchronized void close() {
        behaviour.reset();
        timer.shutdownNow();
        if (server != null) {
            server.stop(0);
            server = null;
        }
        executor.shutdownNow();
    }

    private synchronized void endOutage(int generation) {
        if (generation == outageGeneration) {
            endOutage();
        }
    }

    private HttpServer listen(int port) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        created.setExecutor(executor);
        created.createContext("/", handler);
        created.start();
        return created;
    }

    private void recordRequest(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
