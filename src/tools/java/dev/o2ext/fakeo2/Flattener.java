package dev.o2ext.fakeo2;

import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How OpenObserve stores a record, for {@code _search} answers: field names lower case with other
 * characters turned into {@code _}, nested objects flattened with {@code _} up to depth 3, deeper
 * objects and all arrays kept as JSON strings, nulls dropped, {@code _timestamp} in microseconds.
 */
final class Flattener {

    private static final int MAX_DEPTH = 3;

    private Flattener() {
    }

    static ObjectNode flatten(StoredRecord stored) {
        ObjectNode flat = Json.MAPPER.createObjectNode();
        flatten(stored.record(), "", 1, flat);
        flat.put("_timestamp", stored.timestampMicros());
        return flat;
    }

    private static void flatten(JsonNode object, String prefix, int depth, ObjectNode flat) {
        object.forEachEntry((name, value) -> {
            String key = prefix + fieldName(name);
            if (value.isNull()) {
                return;
            }
            if (value.isObject() && depth < MAX_DEPTH) {
                flatten(value, key + "_", depth + 1, flat);
            } else if (value.isContainer()) {
                flat.put(key, Json.MAPPER.writeValueAsString(value));
            } else {
                flat.set(key, value);
            }
        });
    }

    private static String fieldName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
