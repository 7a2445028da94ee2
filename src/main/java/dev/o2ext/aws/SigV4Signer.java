package dev.o2ext.aws;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * AWS Signature Version 4 in the {@code Authorization} header (AWS4-HMAC-SHA256), for services
 * other than S3 (the path is URI-encoded once more, no single-encoding exception). Signs exactly
 * the headers it is given, which must include {@code Host} and {@code X-Amz-Date} and, with
 * temporary credentials, {@code X-Amz-Security-Token}. Stateless and thread-safe; tested against
 * AWS's published Signature V4 test suite ({@code src/test/resources/sigv4}).
 */
public final class SigV4Signer {

	public static final String ALGORITHM = "AWS4-HMAC-SHA256";

	/** The format of {@code X-Amz-Date}: {@code 20150830T123600Z}. */
	public static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

	private static final HexFormat HEX = HexFormat.of();

	private SigV4Signer() {
	}

	/**
	 * The {@code Authorization} header value.
	 * @param method e.g. {@code POST}
	 * @param path the raw (already percent-encoded) path, e.g. {@code /}
	 * @param rawQuery the raw query without {@code ?}, or null
	 * @param headers every header to sign, names in any case; a name given twice joins its values
	 * @param body the payload
	 * @param time the request time, the same as in {@code X-Amz-Date}
	 */
	public static String authorization(String method, String path, @Nullable String rawQuery,
			List<Map.Entry<String, String>> headers, byte[] body, Instant time, AwsCredentials credentials,
			String region, String service) {
		TreeMap<String, String> canonical = canonicalHeaders(headers);
		String scope = scope(time, region, service);
		String stringToSign = stringToSign(canonicalRequest(method, path, rawQuery, canonical, body), time, scope);
		byte[] key = signingKey(credentials.secretAccessKey(), time, region, service);
		String signature = HEX.formatHex(hmac(key, stringToSign));
		return ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders="
				+ String.join(";", canonical.keySet()) + ", Signature=" + signature;
	}

	/** The canonical request of Signature V4, task 1. */
	static String canonicalRequest(String method, String path, @Nullable String rawQuery,
			TreeMap<String, String> canonicalHeaders, byte[] body) {
		StringBuilder text = new StringBuilder();
		text.append(method).append('\n').append(canonicalPath(path)).append('\n').append(canonicalQuery(rawQuery))
			.append('\n');
		canonicalHeaders.forEach((name, value) -> text.append(name).append(':').append(value).append('\n'));
		text.append('\n').append(String.join(";", canonicalHeaders.keySet())).append('\n').append(sha256Hex(body));
		return text.toString();
	}

	/** The string to sign, task 2. */
	static String stringToSign(String canonicalRequest, Instant time, String scope) {
		return ALGORITHM + "\n" + AMZ_DATE.format(time) + "\n" + scope + "\n"
				+ sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
	}

	static String scope(Instant time, String region, String service) {
		return DATE.format(time) + "/" + region + "/" + service + "/aws4_request";
	}

	/** Lower-case names, sorted; values trimmed, inner runs of blanks made one; repeated names joined by commas. */
	static TreeMap<String, String> canonicalHeaders(List<Map.Entry<String, String>> headers) {
		TreeMap<String, String> canonical = new TreeMap<>();
		for (Map.Entry<String, String> header : headers) {
			String name = header.getKey().trim().toLowerCase(Locale.ROOT);
			String value = header.getValue().trim().replaceAll("\\s+", " ");
			canonical.merge(name, value, (a, b) -> a + "," + b);
		}
		return canonical;
	}

	private static String canonicalPath(String path) {
		if (path.isEmpty()) {
			return "/";
		}
		List<String> segments = new ArrayList<>();
		for (String segment : path.split("/", -1)) {
			segments.add(uriEncode(segment));
		}
		return String.join("/", segments);
	}

	private static String canonicalQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<String[]> pairs = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq < 0) ? pair : pair.substring(0, eq));
			String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
			pairs.add(new String[] { uriEncode(name), uriEncode(value) });
		}
		pairs.sort((a, b) -> (a[0].equals(b[0])) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
		return pairs.stream().map((p) -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
	}

	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/** RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex. */
	static String uriEncode(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				out.write(c);
			}
			else {
				byte[] escape = String.format("%%%02X", b & 0xff).getBytes(StandardCharsets.US_ASCII);
				out.write(escape, 0, escape.length);
			}
		}
		return out.toString(StandardCharsets.US_ASCII);
	}

	private static byte[] signingKey(String secretKey, Instant time, String region, String service) {
		byte[] date = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), DATE.format(time));
		return hmac(hmac(hmac(date, region), service), "aws4_request");
	}

	static String sha256Hex(byte[] data) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
