package dev.o2ext.records;

/**
 * What a request id a line names must look like to be taken as the record's {@code requestId}:
 * Lambda's are UUIDs, emulators and the simulator use other short tokens ({@code local-2}), so
 * the check is only of shape — 1 to {@value #MAX_LENGTH} visible ASCII characters, no blanks or
 * control characters. A sentence, a multi-line text or a 2 KB blob under a request-id key is the
 * line's content, not our context.
 */
final class RequestIds {

	/** Longest request id taken; Lambda's are 36 characters. */
	static final int MAX_LENGTH = 128;

	private RequestIds() {
	}

	static boolean isRequestId(String id) {
		int n = id.length();
		if (n == 0 || n > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < n; i++) {
			char c = id.charAt(i);
			if (c <= ' ' || c > '~') {
				return false;
			}
		}
		return true;
	}

}
