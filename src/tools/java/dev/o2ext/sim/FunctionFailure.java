package dev.o2ext.sim;

/**
 * Among a scripted function's lines ({@link LambdaSimulator#invoke}): the function stops there and
 * its runtime reports the invocation as failed, as a runtime does after posting
 * {@code /invocation/{id}/error}: {@code platform.runtimeDone} and {@code platform.report} with
 * status {@code error} and this {@code errorType} (for instance an exception's class name). The
 * lines after it are not printed; the sandbox is not reset (a handled error does not reset it).
 */
public record FunctionFailure(String errorType) {

    public FunctionFailure {
        if (errorType.isBlank()) {
            throw new IllegalArgumentException("an error type is required");
        }
    }
}
