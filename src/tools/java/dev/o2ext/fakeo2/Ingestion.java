package dev.o2ext.fakeo2;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-record part of {@code _json} ingestion, without HTTP: which records are stored and what
 * the 200 answer says. Records outside the time window (5 h back, 24 h ahead), with an unreadable
 * {@code _timestamp}, or that are not objects are counted as failed; {@code error} holds the
 * last failure only, as on the real server.
 */
final class Ingestion {

    static final Duration ALLOWED_UPTO = Duration.ofHours(5);
    static final Duration ALLOWED_IN_FUTURE = Duration.ofHours(24);
    static final String TOO_OLD = "Too old data, only last 5 hours data can be ingested. Data discarded. "
            + "You can adjust ingestion max time by setting the environment variable ZO_INGEST_ALLOWED_UPTO=<max_hours>";
    static final String TOO_FAR = "Too far data, only future 24 hours data can be ingested. Data discarded. "
            + "You can adjust ingestion max time by setting the environment variable ZO_INGEST_ALLOWED_IN_FUTURE=<max_hours>";
    static final String NOT_OBJECT = "Invalid record: not a JSON object";
    static final String BAD_TIMESTAMP = "Invalid time format [string]";
    static final String INJECTED = "Injected failure: record rejected by the fake";

    /** A record that passed, with its resolved time. */
    record Accepted(JsonNode record, long timestampMicros) {
    }

    /** What one request amounts to. */
    record Outcome(List<Accepted> accepted, int failed, @Nullable String lastError) {
    }

    /** Thrown for a body that is not JSON; the message follows serde's {@code SerdeJsonError#} prefix. */
    static final class MalformedJson extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedJson(String message) {
            super(message);
        }
    }

    private Ingestion() {
    }

    /** Parses an array or single object; {@code failEveryNth > 0} rejects every n-th record on top. */
    static Outcome ingest(byte[] body, Instant now, int failEveryNth) throws MalformedJson {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedJson("SerdeJsonError# " + e.getOriginalMessage());
        }
        if (root.isMissingNode()) {
            throw new MalformedJson("SerdeJsonError# EOF while parsing a value at line 1 column 0");
        }
        List<JsonNode> records = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(records::add);
        } else {
            records.add(root);
        }
        long oldest = Timestamps.micros(now.minus(ALLOWED_UPTO));
        long latest = Timestamps.micros(now.plus(ALLOWED_IN_FUTURE));
        List<Accepted> accepted = new ArrayList<>();
        int failed = 0;
        String lastError = null;
        for (int i = 0; i < records.size(); i++) {
            String error = null;
            JsonNode record = records.get(i);
            long micros = 0;
            if (!record.isObject()) {
                error = NOT_OBJECT;
            } else if (failEveryNth > 0 && (i + 1) % failEveryNth == 0) {
                error = INJECTED;
            } else {
                OptionalLong resolved = Timestamps.micros(record.path("_timestamp"), now);
                if (resolved.isEmpty()) {
                    error = BAD_TIMESTAMP;
                } else if (resolved.getAsLong() < oldest) {
                    error = TOO_OLD;
                } else if (resolved.getAsLong() > latest) {
                    error = TOO_FAR;
                } else {
                    micros = resolved.getAsLong();
                }
            }
            if (error == null) {
                accepted.add(new Accepted(record, micros));
            } else {
                failed++;
                lastError = error;
            }
        }
        return new Outcome(accepted, failed, lastError);
    }

    /** {@code {"code":200,"status":[{"name","successful","failed"[,"error"]}]}}. */
    static ObjectNode answer(String stream, int successful, int failed, @Nullable String error) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("code", 200);
        ArrayNode status = answer.putArray("status");
        ObjectNode entry = status.addObject();
        entry.put("name", stream);
        entry.put("successful", successful);
        entry.put("failed", failed);
        if (error != null) {
            entry.put("error", error);
        }
        return answer;
    }
}
