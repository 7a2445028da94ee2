package dev.o2ext.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.o2ext.sim.RuntimeApiLoop;

/**
 * A function runtime (JDK only) for {@link StructuredLogsIT}: prints during Init a line and a
 * Java stack trace, then, per invocation, on stdout in this order: a Node.js-style prefixed line,
 * a Python-style prefixed line, JSON printed as text, a JSON line with its own trace id, a
 * plain line, a real {@code printStackTrace} with a cause, a Python traceback, a plain line, the
 * trace header it was given, and last a stack trace again (so the invocation ends on a trace).
 */
final class StructuredLogFunction {

	private StructuredLogFunction() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("loading configuration");
		new IllegalArgumentException("init warning: no cache directory").printStackTrace(System.out);
		System.out.flush();
		RuntimeApiLoop.serve((invocation) -> {
			handle(invocation.requestId(), invocation.traceHeader());
			return RuntimeApiLoop.Answer.response("{}");
		});
	}

	private static void handle(String requestId, String trace) {
		String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
		StringBuilder out = new StringBuilder();
		out.append(now).append('\t').append(requestId).append("\tINFO\tprefixed info\n");
		out.append("[WARN]\t").append(now).append('\t').append(requestId).append("\tpython style warning\n");
		out.append("{\"level\":\"error\",\"msg\":\"json as text\",\"order\":{\"id\":42,\"items\":[1,2]}}\n");
		out.append("{\"msg\":\"own trace\",\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\"}\n");
		out.append("before the exception\n");
		System.out.print(out);
		new IllegalStateException("payment failed", new IOException("disk full")).printStackTrace(System.out);
		System.out.print("""
				Traceback (most recent call last):
				  File "/var/task/app.py", line 3, in handler
				    return 1 / 0
				ZeroDivisionError: division by zero
				after the traceback
				""");
		System.out.println("trace header " + trace);
		new UncheckedIOException("last words", new IOException("socket closed")).printStackTrace(System.out);
		System.out.flush();
	}

}
