package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.fakeo2.StoredRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Filtering, sampling and redaction in the built extension: what is left out never reaches
 * OpenObserve, what is redacted arrives redacted, and both are counted in the diagnostics and the
 * shutdown line. Sampling uses a rate of 0, the only one whose outcome does not depend on chance.
 */
class FilterIT extends EndToEndTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
            + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /** Texts that must not reach OpenObserve, whether left out or redacted. */
    private static final List<String> NEVER_STORED = List.of("debug detail", "json debug", "sampled away",
            "jane@example.com", "4111 1111 1111 1111", "ORD-123456", "AKIAIOSFODNN7EXAMPLE", JWT, SECRET_KEY,
            "203.0.113.9", "opaque-session-token");

    @Test
    void leftOutRecordsNeverArriveRedactedOnesArriveRedactedAndBothAreCounted() throws Exception {
        start(Map.of("O2_DROP_PLATFORM", "invocation", "O2_MIN_LEVEL", "info", "O2_SAMPLE_RATES", "WARN=0",
                "O2_REDACT", "email,card,jwt,aws,auth,ipv4", "O2_REDACT_PATTERN", "ORD-\\d{6}"));

        invoke("f-1", List.of(
                text("f-1", "DEBUG", "debug detail"),
                text("f-1", "INFO", "user jane@example.com paid with 4111 1111 1111 1111 for ORD-123456"),
                text("f-1", "WARN", "sampled away"),
                text("f-1", "ERROR", "failed for client 203.0.113.9"),
                "plain print with AKIAIOSFODNN7EXAMPLE",
                Map.of("level", "DEBUG", "message", "json debug"),
                Map.of("level", "INFO", "message", "token " + JWT, "headers",
                        Map.of("Authorization", "opaque-session-token"), "aws_secret_access_key", SECRET_KEY)));
        JsonNode diagnostics = diagnostics();
        invoke("f-2", List.of(text("f-2", "INFO", "second")));
        assertThat(shutdown().single().exitedBeforeDeadline()).isTrue();

        List<StoredRecord> lines = functionLinesOf("f-1");
        assertThat(lines).as("stored lines of f-1").hasSize(4);
        for (String text : NEVER_STORED) {
            assertThat(storedMentioning(text)).as("records mentioning %s", text).isEmpty();
        }
        // a text line keeps its original in `record` beside the parsed `message`; both are redacted
        assertThat(lines).extracting(r -> r.record().path("record").asString("") + " | "
                + r.record().path("message").asString("")).anySatisfy(r -> assertThat(r)
                .contains("user [REDACTED:email] paid with [REDACTED:card] for [REDACTED:custom]"))
                .anySatisfy(r -> assertThat(r).contains("failed for client [REDACTED:ipv4]"))
                .anySatisfy(r -> assertThat(r).contains("plain print with [REDACTED:aws]"));
        // an object record's fields are top-level columns (the object is not repeated in `record`)
        JsonNode object = lines.stream().map(StoredRecord::record)
                .filter(r -> r.path("message").asString("").startsWith("token")).findFirst().orElseThrow();
        assertThat(object.path("message").asString()).isEqualTo("token [REDACTED:jwt]");
        assertThat(object.path("headers_authorization").asString()).isEqualTo("[REDACTED:auth]");
        assertThat(object.path("aws_secret_access_key").asString()).isEqualTo("[REDACTED:aws]");
        assertThat(lines).allSatisfy(r -> assertThat(r.record().path("_timestamp").asLong())
                .as("context is never redacted").isPositive());
        assertThat(storedOfType("platform.start")).isEmpty();
        assertThat(storedOfType("platform.runtimeDone")).isEmpty();
        assertThat(storedOfType("platform.report")).as("the report is kept").hasSize(2);

        JsonNode discarded = diagnostics.path("counters").path("discarded");
        assertThat(discarded.path("filtered_by_level").asLong()).isEqualTo(2);
        assertThat(discarded.path("sampled_out").asLong()).isEqualTo(1);
        assertThat(discarded.path("filtered_by_type").asLong()).as("platform.start and runtimeDone of f-1")
                .isEqualTo(2);
        JsonNode redacted = diagnostics.path("counters").path("redacted");
        // counted per value replaced: a text line's original (`record`) and its parsed `message` both
        assertThat(redacted.path("email").asLong()).isEqualTo(2);
        assertThat(redacted.path("card").asLong()).isEqualTo(2);
        assertThat(redacted.path("custom").asLong()).isEqualTo(2);
        // also the extension's own lines that name 127.0.0.1 come back as `extension` records
        assertThat(redacted.path("ipv4").asLong()).isGreaterThanOrEqualTo(2);
        // the JSON object's values: its message and its flattened headers_authorization, once each
        assertThat(redacted.path("jwt").asLong()).isEqualTo(1);
        assertThat(redacted.path("auth").asLong()).isEqualTo(1);
        // the plain line twice, the object's aws_secret_access_key once
        assertThat(redacted.path("aws").asLong()).isEqualTo(3);
        assertThat(counter(diagnostics, "received")).as("received = accepted + dropped at ingest + discarded")
                .isEqualTo(counter(diagnostics, "accepted") + droppedAtIngest(diagnostics) + 5);
        assertThat(counter(diagnostics, "droppedTotal")).as("leaving out is no loss").isZero();

        Matcher summary = Pattern.compile("shutdown \\(.*not_delivered=0 discarded=(\\d+) \\(([^)]*)\\)")
                .matcher(extension().outputText());
        assertThat(summary.find()).as("shutdown line in:%n%s", extension().outputText()).isTrue();
        assertThat(summary.group(2)).isEqualTo("filtered_by_type=4 filtered_by_level=2 sampled_out=1");
        assertThat(Long.parseLong(summary.group(1))).isEqualTo(7);
        assertThat(sim().errors()).isEmpty();
    }

    /** A line in Lambda's text format: {@code <time>\t<request id>\t<LEVEL>\t<message>}. */
    private static String text(String requestId, String level, String message) {
        return Instant.now() + "\t" + requestId + "\t" + level + "\t" + message;
    }
}
