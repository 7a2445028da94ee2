package dev.o2ext.lambda;

/** A call to Lambda's APIs failed: an I/O error or an unexpected status (with Lambda's error type). */
public final class LambdaApiException extends Exception {

	private final int status;

	public LambdaApiException(String message, int status) {
		super(message);
		this.status = status;
	}

	public LambdaApiException(String message, Throwable cause) {
		super(message, cause);
		this.status = 0;
	}

	/** The HTTP status, 0 for an I/O error. */
	public int status() {
		return this.status;
	}

}
