package dev.o2ext.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Telemetry API event as the platform generates it: {@code time} (millisecond precision, as
 * Lambda writes it), {@code type} and {@code record} (a string or an object).
 */
public record TelemetryEvent(Instant time, String type, JsonNode record) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** An event stamped now, truncated to milliseconds like the platform's timestamps. */
    public static TelemetryEvent now(String type, JsonNode record) {
        return new TelemetryEvent(Instant.now().truncatedTo(ChronoUnit.MILLIS), type, record);
    }

    /** The category a subscription selects it by: {@code platform}, {@code function} or {@code extension}. */
    public String category() {
        return type.startsWith("platform.") ? "platform" : type;
    }

    /** The event's time in epoch microseconds, what an ingesting client should put in {@code _timestamp}. */
    public long epochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    /** ISO-8601 UTC with milliseconds, the platform's format of {@code time} and span starts. */
    public static String format(Instant instant) {
        return TIME.format(instant);
    }

    /** The wire shape {@code {"time","type","record"}}. */
    public ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("time", format(time));
        node.put("type", type);
        node.set("record", record);
        return node;
    }
}
