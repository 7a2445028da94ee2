package dev.o2ext.otlp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.jspecify.annotations.Nullable;

/**
 * Undoes a request's {@code Content-Encoding} within a size limit, so that a small gzip body
 * cannot expand into unbounded memory. Only gzip (the one encoding OTLP/HTTP requires) and
 * identity are understood.
 */
final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * The decoded body.
	 * @throws UnsupportedEncodingException for an encoding other than gzip or identity
	 * @throws TooLargeException when the decoded body would pass the limit
	 * @throws MalformedExportException for a corrupt gzip stream
	 */
	static byte[] decode(byte[] body, @Nullable String contentEncoding, long limit)
			throws UnsupportedEncodingException, TooLargeException, MalformedExportException {
		String encoding = (contentEncoding != null) ? contentEncoding.trim().toLowerCase(Locale.ROOT) : "";
		if (encoding.isEmpty() || encoding.equals("identity")) {
			return body;
		}
		if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
			throw new UnsupportedEncodingException();
		}
		return gunzip(body, limit);
	}

	static byte[] gunzip(byte[] body, long limit) throws TooLargeException, MalformedExportException {
		ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, Math.max(1024L, body.length * 4L)));
		byte[] chunk = new byte[8192];
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
			int read;
			while ((read = in.read(chunk)) != -1) {
				if (out.size() + (long) read > limit) {
					throw new TooLargeException();
				}
				out.write(chunk, 0, read);
			}
		}
		catch (IOException ex) {
			throw new MalformedExportException("the body is not a valid gzip stream");
		}
		return out.toByteArray();
	}

	/** The decoded body would be larger than allowed. */
	static final class TooLargeException extends Exception {

		TooLargeException() {
			super("body too large", null, false, false);
		}

	}

	/** A {@code Content-Encoding} other than gzip or identity. */
	static final class UnsupportedEncodingException extends Exception {

		UnsupportedEncodingException() {
			super("unsupported content encoding", null, false, false);
		}

	}

}
