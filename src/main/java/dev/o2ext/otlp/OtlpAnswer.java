package dev.o2ext.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The receiver's answer to one request, as the OTLP/HTTP specification wants it: success is an
 * empty {@code Export…ServiceResponse} in the request's encoding (an empty protobuf message is
 * zero bytes; in JSON {@code {}}); a failure carries a {@code google.rpc.Status} (code 1,
 * message 2) in the request's encoding, or plain text when the encoding is what is wrong.
 *
 * @param status HTTP status
 * @param contentType the body's content type
 * @param body the body
 * @param retryAfterSeconds the {@code Retry-After} header, when the client should come back later
 */
public record OtlpAnswer(int status, String contentType, byte[] body, @Nullable Integer retryAfterSeconds) {

	/** {@code google.rpc.Code.INVALID_ARGUMENT}. */
	static final int INVALID_ARGUMENT = 3;

	/** {@code google.rpc.Code.UNAVAILABLE}. */
	static final int UNAVAILABLE = 14;

	private static final byte[] EMPTY_JSON_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

	static OtlpAnswer success(OtlpEncoding encoding) {
		return new OtlpAnswer(200, encoding.contentType(),
				(encoding == OtlpEncoding.JSON) ? EMPTY_JSON_OBJECT : new byte[0], null);
	}

	static OtlpAnswer failure(int status, OtlpEncoding encoding, int code, String message,
			@Nullable Integer retryAfterSeconds) {
		byte[] body = (encoding == OtlpEncoding.JSON) ? jsonStatus(code, message) : protobufStatus(code, message);
		return new OtlpAnswer(status, encoding.contentType(), body, retryAfterSeconds);
	}

	static OtlpAnswer plain(int status, String message) {
		return new OtlpAnswer(status, "text/plain", message.getBytes(StandardCharsets.UTF_8), null);
	}

	private static byte[] protobufStatus(int code, String message) {
		byte[] text = message.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 8);
		out.write((1 << 3) | ProtoReader.VARINT);
		writeVarint(out, code);
		out.write((2 << 3) | ProtoReader.LEN);
		writeVarint(out, text.length);
		out.writeBytes(text);
		return out.toByteArray();
	}

	private static byte[] jsonStatus(int code, String message) {
		String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
		return ("{\"code\":" + code + ",\"message\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	private static void writeVarint(ByteArrayOutputStream out, int value) {
		int rest = value;
		while ((rest & ~0x7F) != 0) {
			out.write((rest & 0x7F) | 0x80);
			rest >>>= 7;
		}
		out.write(rest);
	}

}
