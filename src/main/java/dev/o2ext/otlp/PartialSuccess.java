package dev.o2ext.otlp;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code partial_success} of an {@code Export…ServiceResponse}: how many items the server
 * refused and why. OpenObserve answers in protobuf even to JSON requests, so both encodings are
 * read, told apart by the first byte (a JSON object starts with {@code {}, which as a protobuf
 * tag would be field 15 of wire type 3, impossible here). In protobuf the response is field 1
 * (the partial success) holding field 1 (the rejected count, for every signal) and field 2 (the
 * message); in JSON {@code partialSuccess} holds {@code rejectedSpans}, {@code rejectedDataPoints}
 * or {@code rejectedLogRecords}, an int64 that may be written as a string.
 *
 * @param rejected items refused by the server
 * @param message the server's explanation, empty if none
 */
record PartialSuccess(long rejected, String message) {

	static final PartialSuccess NONE = new PartialSuccess(0, "");

	private static final int MAX_MESSAGE = 200;

	/** Reads a success answer's body; an empty or unreadable body means nothing was refused. */
	static PartialSuccess parse(byte[] body, JsonMapper mapper) {
		int first = 0;
		while (first < body.length && Character.isWhitespace(body[first])) {
			first++;
		}
		if (first == body.length) {
			return NONE;
		}
		return (body[first] == '{') ? json(body, mapper) : protobuf(body);
	}

	static PartialSuccess protobuf(byte[] body) {
		try {
			ProtoReader response = ProtoReader.of(body);
			PartialSuccess result = NONE;
			while (response.hasMore()) {
				int tag = response.readTag();
				if (tag == ((1 << 3) | ProtoReader.LEN)) {
					response.readLength();
					result = details(response.sub());
				}
				else {
					response.skip(tag & 7);
				}
			}
			return result;
		}
		catch (MalformedExportException ex) {
			return NONE;
		}
	}

	private static PartialSuccess details(ProtoReader partial) throws MalformedExportException {
		long rejected = 0;
		String message = "";
		while (partial.hasMore()) {
			int tag = partial.readTag();
			if (tag == ((1 << 3) | ProtoReader.VARINT)) {
				rejected = partial.readVarint();
			}
			else if (tag == ((2 << 3) | ProtoReader.LEN)) {
				partial.readLength();
				message = partial.readString();
			}
			else {
				partial.skip(tag & 7);
			}
		}
		return new PartialSuccess(Math.max(0, rejected), shorten(message));
	}

	private static PartialSuccess json(byte[] body, JsonMapper mapper) {
		try {
			JsonNode root = mapper.readTree(body);
			JsonNode partial = root.has("partialSuccess") ? root.get("partialSuccess") : root.path("partial_success");
			long rejected = 0;
			String message = "";
			for (var property : partial.properties()) {
				String name = property.getKey();
				if (name.startsWith("rejected")) {
					rejected = property.getValue().asLong(0);
				}
				else if (name.equals("errorMessage") || name.equals("error_message")) {
					message = property.getValue().asString("");
				}
			}
			return new PartialSuccess(Math.max(0, rejected), shorten(message));
		}
		catch (JacksonException ex) {
			return NONE;
		}
	}

	private static String shorten(String message) {
		String single = message.replaceAll("\\s+", " ").strip();
		return (single.length() <= MAX_MESSAGE) ? single : single.substring(0, MAX_MESSAGE) + "…";
	}

}
