package dev.o2ext.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.util.unit.DataSize;

/**
 * The OpenTelemetry relay: the OTLP/HTTP receiver on the loopback interface and where its data
 * goes. Header values may hold credentials: they are {@link Secret}s, so {@code toString()}
 * shows only their names.
 *
 * @param enabled whether the receiver is started ({@code O2_OTLP_ENABLED}, default true)
 * @param port the receiver's port on 127.0.0.1 ({@code O2_OTLP_PORT}, default 4318); no other
 * port is tried when it is taken, because the SDKs are pointed at this one
 * @param maxBodySize the largest request body, as received and after decompression
 * ({@code O2_OTLP_MAX_BODY_BYTES}, default 4 MiB or the buffer bound if smaller)
 * @param tracesStream OpenObserve stream of the traces, sent as the {@code stream-name} header
 * @param logsStream OpenObserve stream of the log records, sent as the {@code stream-name} header
 * @param exporterHeaders headers from {@code OTEL_EXPORTER_OTLP_HEADERS}, sent with every
 * forwarded request; an {@code Authorization} among them replaces {@code O2_AUTHORIZATION_HEADER}
 */
public record OtlpSettings(boolean enabled, int port, DataSize maxBodySize, String tracesStream, String logsStream,
		Map<String, Secret> exporterHeaders) {

	/** The OTLP/HTTP default port, where every SDK sends by default. */
	public static final int DEFAULT_PORT = Integer.parseInt(Setting.O2_OTLP_PORT.requireDefault());

	static final long DEFAULT_MAX_BODY_BYTES = Long.parseLong(Setting.O2_OTLP_MAX_BODY_BYTES.requireDefault());

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	public OtlpSettings {
		exporterHeaders = Map.copyOf(exporterHeaders);
		if (maxBodySize.toBytes() < 1024) {
			throw new IllegalArgumentException("O2_OTLP_MAX_BODY_BYTES must be at least 1024");
		}
	}

	/** Reads the {@code O2_OTLP_*} variables and {@code OTEL_EXPORTER_OTLP_HEADERS}. */
	static OtlpSettings read(EnvReader reader, BufferSettings buffer) {
		boolean enabled = reader.bool(Setting.O2_OTLP_ENABLED);
		int port = reader.integer(Setting.O2_OTLP_PORT);
		long capacity = buffer.capacity().toBytes();
		long maxBody = Math.min(DEFAULT_MAX_BODY_BYTES, capacity);
		if (reader.raw(Setting.O2_OTLP_MAX_BODY_BYTES) != null) {
			maxBody = reader.integer(Setting.O2_OTLP_MAX_BODY_BYTES, (int) maxBody);
			if (maxBody > capacity) {
				reader.problem("O2_OTLP_MAX_BODY_BYTES (" + maxBody + ") must not be larger than the buffer ("
						+ capacity + " bytes from O2_MAX_BUFFER_SIZE_MB)");
				maxBody = capacity;
			}
		}
		Map<String, Secret> headers = headers(reader);
		Secret streamHeader = headers.get("stream-name");
		String fallbackStream = (streamHeader != null) ? streamHeader.reveal() : "default";
		String traces = stream(reader, Setting.O2_OTLP_TRACES_STREAM, fallbackStream);
		String logs = stream(reader, Setting.O2_OTLP_LOGS_STREAM, fallbackStream);
		return new OtlpSettings(enabled, port, DataSize.ofBytes(maxBody), traces, logs, headers);
	}

	private static String stream(EnvReader reader, Setting setting, String fallback) {
		String value = reader.string(setting, fallback);
		if (!setting.rule().matches(value)) {
			reader.problem(setting.name() + " may only contain letters, digits and _ . : - (got '" + value + "')");
		}
		return value;
	}

	/**
	 * Parses {@code OTEL_EXPORTER_OTLP_HEADERS} as the OpenTelemetry specification defines it:
	 * comma-separated {@code name=value} pairs, values percent-decoded, names case-insensitive
	 * (kept in lower case). Problems name the entry's position, never its value.
	 */
	private static Map<String, Secret> headers(EnvReader reader) {
		String raw = reader.raw(Setting.OTEL_EXPORTER_OTLP_HEADERS);
		Map<String, Secret> headers = new LinkedHashMap<>();
		if (raw == null) {
			return headers;
		}
		String[] entries = raw.split(",");
		for (int i = 0; i < entries.length; i++) {
			String entry = entries[i].trim();
			if (entry.isEmpty()) {
				continue;
			}
			int equals = entry.indexOf('=');
			String name = (equals > 0) ? entry.substring(0, equals).trim().toLowerCase(Locale.ROOT) : "";
			if (!TOKEN.matcher(name).matches()) {
				reader.problem("OTEL_EXPORTER_OTLP_HEADERS entry " + (i + 1) + " is not of the form name=value");
				continue;
			}
			String value;
			try {
				value = URLDecoder.decode(entry.substring(equals + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				reader.problem("OTEL_EXPORTER_OTLP_HEADERS entry " + (i + 1) + " (" + name
						+ ") has an invalid percent-encoding");
				continue;
			}
			if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
				reader.problem("OTEL_EXPORTER_OTLP_HEADERS entry " + (i + 1) + " (" + name + ") contains a line break");
				continue;
			}
			headers.put(name, new Secret(value));
		}
		return headers;
	}

}
