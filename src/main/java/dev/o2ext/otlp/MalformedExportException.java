package dev.o2ext.otlp;

/**
 * A request body that is not a valid export of its signal; the receiver answers 400. The
 * message says what is wrong in general terms and never quotes the body. No stack trace: it
 * is an answer, not a bug.
 */
final class MalformedExportException extends Exception {

	MalformedExportException(String message) {
		super(message, null, false, false);
	}

}
