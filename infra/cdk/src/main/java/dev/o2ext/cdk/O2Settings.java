package dev.o2ext.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The extension's rules of its {@code O2_*} variables, from {@code infra/o2-settings.json} (generated
 * from the extension's table of settings, {@code dev.o2ext.config.Setting}, and packaged with these
 * constructs): a value these rules refuse would be refused by the extension at Init, so the synth
 * refuses it first. Checks across variables (a batch at most the buffer) are left to the extension.
 */
final class O2Settings {

    private static final JsonNode SETTINGS = load();

    private O2Settings() {
    }

    /** Whether the extension reads {@code variable}. */
    static boolean known(String variable) {
        return SETTINGS.has(variable);
    }

    /** The least value of a whole-number variable. */
    static long min(String variable) {
        return rule(variable).path("min").asLong();
    }

    /** The largest value of a whole-number variable. */
    static long max(String variable) {
        return rule(variable).path("max").asLong();
    }

    /**
     * What is wrong with {@code value} for {@code variable}, or null when the extension's rule accepts
     * it. The text names the variable; it never quotes a value, which might be a secret.
     */
    static @Nullable String problem(String variable, String value) {
        JsonNode rule = rule(variable);
        String trimmed = value.trim(); // the extension trims what it reads
        switch (rule.path("kind").asText()) {
            case "whole" -> {
                long number;
                try {
                    number = Long.parseLong(trimmed);
                } catch (NumberFormatException e) {
                    return variable + " must be a whole number";
                }
                if (number < rule.path("min").asLong() || number > rule.path("max").asLong()) {
                    return variable + " must be " + rule.path("min").asLong() + "-" + rule.path("max").asLong();
                }
                for (JsonNode refused : rule.path("except")) {
                    if (refused.asLong() == number) {
                        return variable + " must not be " + number;
                    }
                }
                return null;
            }
            case "flag", "choice" -> {
                for (JsonNode allowed : rule.path("values")) {
                    if (allowed.asText().equals(trimmed.toLowerCase(Locale.ROOT))) {
                        return null;
                    }
                }
                return variable + " must be one of " + rule.path("values");
            }
            default -> {
                JsonNode pattern = rule.path("pattern");
                if (!pattern.isNull() && !pattern.isMissingNode() && !trimmed.isEmpty()
                        && !trimmed.matches(pattern.asText())) {
                    return variable + " must match " + pattern.asText();
                }
                return null;
            }
        }
    }

    private static JsonNode rule(String variable) {
        JsonNode rule = SETTINGS.get(variable);
        if (rule == null) {
            throw new IllegalArgumentException(variable + " is not a variable the extension reads (docs/configuration.md)");
        }
        return rule;
    }

    private static JsonNode load() {
        try (InputStream in = O2Settings.class.getResourceAsStream("o2-settings.json")) {
            if (in == null) {
                throw new IllegalStateException("o2-settings.json is missing from the constructs' jar");
            }
            return new ObjectMapper().readTree(in).path("settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
