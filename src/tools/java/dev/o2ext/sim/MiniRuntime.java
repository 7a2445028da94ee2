package dev.o2ext.sim;

/**
 * A minimal function runtime (JDK only) for the simulator's tests and {@link LocalLambda}: it
 * polls the Runtime API, prints a text line and a JSON line per invocation (with the request id),
 * and answers with the payload echoed back; {@code --fail} answers every invocation with an error.
 */
final class MiniRuntime {

    private MiniRuntime() {
    }

    public static void main(String[] args) throws Exception {
        boolean fail = args.length > 0 && args[0].equals("--fail");
        RuntimeApiLoop.serve((invocation) -> {
            System.out.println("handling " + invocation.requestId());
            System.out.println("{\"level\":\"INFO\",\"requestId\":\"" + invocation.requestId() + "\",\"message\":\"payload "
                    + invocation.payload().length() + " bytes\"}");
            return fail ? RuntimeApiLoop.Answer.error("Function.Failed",
                    "{\"errorMessage\":\"failed on purpose\",\"errorType\":\"Function.Failed\"}")
                    : RuntimeApiLoop.Answer.response("{\"echo\":" + invocation.payload() + "}");
        });
    }
}
