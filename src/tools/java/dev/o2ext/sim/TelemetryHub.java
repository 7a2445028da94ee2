package dev.o2ext.sim;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Fans the platform's telemetry out to the subscribers. Until Init ends it also keeps every event,
 * so that a subscription made during Init still receives {@code platform.initStart} and what
 * came before it, as on Lambda. The {@link DeliveryGate} it shares with its subscribers is what
 * freezing closes.
 */
final class TelemetryHub implements AutoCloseable {

    private final DeliveryGate gate = new DeliveryGate();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newCachedThreadPool(daemon()))
            .build();
    private final Map<String, TelemetrySubscriber> subscribers = new LinkedHashMap<>();
    private final List<TelemetryDelivery> deliveries = new ArrayList<>();
    private final List<TelemetryEvent> initHistory = new ArrayList<>();
    private boolean keepHistory = true;

    DeliveryGate gate() {
        return gate;
    }

    /** Adds or replaces the extension's subscription and replays what happened so far in Init. */
    synchronized void subscribe(TelemetrySubscription subscription) {
        TelemetrySubscriber previous = subscribers.remove(subscription.extensionName());
        if (previous != null) {
            previous.stop();
        }
        TelemetrySubscriber subscriber = new TelemetrySubscriber(subscription, gate, client, this::recordDelivery);
        initHistory.forEach(subscriber::offer);
        subscribers.put(subscription.extensionName(), subscriber);
        subscriber.start();
    }

    /** Queues the event for every subscriber that selected its category. */
    synchronized void publish(TelemetryEvent event) {
        if (keepHistory) {
            initHistory.add(event);
        }
        for (TelemetrySubscriber subscriber : subscribers.values()) {
            subscriber.offer(event);
        }
    }

    /** Init is over: no later subscription can need the history. */
    synchronized void initEnded() {
        keepHistory = false;
        initHistory.clear();
    }

    synchronized List<TelemetrySubscription> subscriptions() {
        return subscribers.values().stream().map(TelemetrySubscriber::subscription).toList();
    }

    synchronized int pending() {
        return subscribers.values().stream().mapToInt(TelemetrySubscriber::pending).sum();
    }

    synchronized List<TelemetryDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private synchronized void recordDelivery(TelemetryDelivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public synchronized void close() {
        gate.terminate();
        subscribers.values().forEach(TelemetrySubscriber::stop);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "sim-telemetry-http");
            thread.setDaemon(true);
            return thread;
        };
    }
}
