package dev.o2ext.fakeo2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Accepted records per organization and normalised stream, in arrival order. Thread-safe. */
final class StreamStore {

    private final Map<String, List<StoredRecord>> streams = new ConcurrentHashMap<>();

    void addAll(List<StoredRecord> records) {
        for (StoredRecord record : records) {
            List<StoredRecord> stream = streams.computeIfAbsent(key(record.organization(), record.stream()),
                    k -> new ArrayList<>());
            synchronized (stream) {
                stream.add(record);
            }
        }
    }

    List<StoredRecord> records(String organization, String stream) {
        List<StoredRecord> records = streams.get(key(organization, Names.normalise(stream)));
        if (records == null) {
            return List.of();
        }
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The organization's stream names, sorted. */
    List<String> streams(String organization) {
        String prefix = organization + "/";
        return streams.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .sorted().toList();
    }

    void clear() {
        streams.clear();
    }

    private static String key(String organization, String stream) {
        return organization + "/" + stream;
    }
}
