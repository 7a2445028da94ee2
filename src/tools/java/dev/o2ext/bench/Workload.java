package dev.o2ext.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The function output of the sessions: plain text lines as a Python or Node function prints them, and JSON-format records. */
final class Workload {

    private Workload() {
    }

    /** {@code count} text lines of about 120 bytes, tab-separated like the Node runtime's. */
    static List<String> textLines(String requestId, int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add("2026-07-28T10:15:30.123Z\t" + requestId + "\tINFO\tprocessed order " + (100_000 + i)
                    + " for customer c-" + (i * 7919 % 10_000) + " in " + (i % 50) + " ms status=ok");
        }
        return lines;
    }

    /** {@code count} JSON-format records as the managed runtimes emit them with {@code AWS_LAMBDA_LOG_FORMAT=JSON}. */
    static List<Map<String, Object>> jsonLines(String requestId, int count) {
        List<Map<String, Object>> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("timestamp", "2026-07-28T10:15:30.123Z");
            record.put("level", (i % 10 == 0) ? "WARN" : "INFO");
            record.put("requestId", requestId);
            record.put("message", "step " + i + " done");
            record.put("durationMs", i % 50);
            lines.add(record);
        }
        return lines;
    }
}
