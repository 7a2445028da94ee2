package dev.o2ext.fakeo2;

import java.util.Locale;
import java.util.regex.Pattern;

/** OpenObserve's normalisation of stream and field names. */
final class Names {

    private static final Pattern OUTSIDE_ALLOWED = Pattern.compile("[^a-zA-Z0-9_:]+");

    private Names() {
    }

    /** Runs of characters outside {@code [a-zA-Z0-9_:]} become {@code _}, then lower case. */
    static String normalise(String name) {
        return OUTSIDE_ALLOWED.matcher(name).replaceAll("_").toLowerCase(Locale.ROOT);
    }
}
