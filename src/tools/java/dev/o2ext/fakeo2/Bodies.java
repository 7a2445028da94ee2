package dev.o2ext.fakeo2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Undoes {@code Content-Encoding}. gzip and deflate (zlib or raw) are decoded; the real server also
 * takes {@code br}, which the JDK cannot decode, so the fake refuses it like {@code zstd} (415).
 */
final class Bodies {

    /** An encoding the fake does not decode. */
    static final class UnsupportedEncoding extends Exception {

        private static final long serialVersionUID = 1L;

        UnsupportedEncoding(String encoding) {
            super("Unsupported Content-Encoding: " + encoding);
        }
    }

    private Bodies() {
    }

    static byte[] decode(byte[] raw, @Nullable String encoding) throws UnsupportedEncoding, IOException {
        String name = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> readAll(new GZIPInputStream(new ByteArrayInputStream(raw)));
            case "deflate" -> inflate(raw);
            default -> throw new UnsupportedEncoding(name);
        };
    }

    private static byte[] inflate(byte[] raw) throws IOException {
        try {
            return readAll(new InflaterInputStream(new ByteArrayInputStream(raw)));
        } catch (IOException notZlib) {
            return readAll(new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(true)));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
