package dev.o2ext.fakeo2;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * How OpenObserve reads {@code _timestamp}: integers are taken as seconds, milliseconds,
 * microseconds or nanoseconds by magnitude (compared with 1971-01-01 in each unit), 0 or a missing
 * value means now, strings are either such an integer or RFC 3339 / ISO (no zone = UTC).
 */
final class Timestamps {

    private static final long BASE_SECONDS = Instant.parse("1971-01-01T00:00:00Z").getEpochSecond();

    private Timestamps() {
    }

    /** Epoch microseconds, or empty when the value cannot be read as a time. */
    static OptionalLong micros(JsonNode value, Instant now) {
        if (value.isMissingNode() || value.isNull()) {
            return OptionalLong.of(micros(now));
        }
        if (value.isNumber()) {
            return OptionalLong.of(fromNumber(value.asLong(), now));
        }
        if (!value.isString()) {
            return OptionalLong.empty();
        }
        String text = value.asString().trim();
        try {
            return OptionalLong.of(fromNumber(Long.parseLong(text), now));
        } catch (NumberFormatException notANumber) {
            return fromText(text);
        }
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static long fromNumber(long value, Instant now) {
        if (value == 0) {
            return micros(now);
        }
        if (value > BASE_SECONDS * 1_000_000_000L) {
            return value / 1_000;
        }
        if (value > BASE_SECONDS * 1_000_000L) {
            return value;
        }
        if (value > BASE_SECONDS * 1_000L) {
            return value * 1_000;
        }
        return value * 1_000_000;
    }

    private static OptionalLong fromText(String text) {
        try {
            return OptionalLong.of(micros(OffsetDateTime.parse(text).toInstant()));
        } catch (DateTimeParseException withoutZone) {
            try {
                return OptionalLong.of(micros(LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC)));
            } catch (DateTimeParseException unreadable) {
                return OptionalLong.empty();
            }
        }
    }
}
