package dev.o2ext.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.StringNode;

/**
 * Delivers one subscription's events: a daemon thread takes due batches from its
 * {@link TelemetryQueue} and POSTs them as a JSON array, only while the {@link DeliveryGate} is
 * open. A connection failure is retried a few times (the listener may still be starting), then
 * the batch is dropped and the failed delivery recorded, as Lambda drops what a listener does not take.
 */
final class TelemetrySubscriber {

    private static final int ATTEMPTS = 4;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final TelemetrySubscription subscription;
    private final TelemetryQueue queue;
    private final DeliveryGate gate;
    private final HttpClient client;
    private final Consumer<TelemetryDelivery> deliveries;
    private final Thread thread;

    TelemetrySubscriber(TelemetrySubscription subscription, DeliveryGate gate, HttpClient client,
            Consumer<TelemetryDelivery> deliveries) {
        this.subscription = subscription;
        this.queue = new TelemetryQueue(subscription.buffering());
        this.gate = gate;
        this.client = client;
        this.deliveries = deliveries;
        this.thread = new Thread(this::run, "sim-telemetry-" + subscription.extensionName());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    TelemetrySubscription subscription() {
        return subscription;
    }

    /** Queues the event if the subscription selected its category. */
    void offer(TelemetryEvent event) {
        if (!subscription.types().contains(event.category())) {
            return;
        }
        TelemetryEvent shaped = event;
        if (!event.record().isString() && !event.category().equals("platform") && !subscription.objectRecordsAllowed()) {
            String line = Json.MAPPER.writeValueAsString(event.record()) + "\n";
            shaped = new TelemetryEvent(event.time(), event.type(), StringNode.valueOf(line));
        }
        queue.add(Json.MAPPER.writeValueAsBytes(shaped.toJson()));
    }

    int pending() {
        return queue.size();
    }

    void stop() {
        queue.close();
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                List<byte[]> batch = queue.nextBatch();
                if (batch.isEmpty() || !gate.enter()) {
                    return;
                }
                try {
                    deliver(batch);
                } finally {
                    gate.exit();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(List<byte[]> batch) throws InterruptedException {
        byte[] body = jsonArray(batch);
        HttpRequest request = HttpRequest.newBuilder(subscription.destination())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        @Nullable String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                record(batch.size(), body.length, response.statusCode(), null);
                return;
            } catch (IOException e) {
                failure = e.toString();
                if (attempt < ATTEMPTS) {
                    Thread.sleep(50L << attempt);
                }
            }
        }
        record(batch.size(), body.length, -1, failure);
    }

    private void record(int items, int bytes, int status, @Nullable String failure) {
        deliveries.accept(new TelemetryDelivery(subscription.extensionName(), System.nanoTime(), items, bytes, status, failure));
    }

    private static byte[] jsonArray(List<byte[]> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(events.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }
}
