package dev.o2ext.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * A plain Java Lambda function (a {@link RequestHandler}, no OpenTelemetry code) with a minimal
 * runtime loop around it, as the Java managed runtime runs a handler: used to measure what the
 * OpenTelemetry Java agent costs when the layer variant adds it through {@code otel-instrument}.
 * It prints {@code runtime ready after N ms} (since its process started) before its first next
 * call; with the agent, the agent's Lambda instrumentation traces each handler call and flushes
 * at its end.
 */
public final class JavaFunctionRuntime {

	private JavaFunctionRuntime() {
	}

	public static void main(String[] args) throws Exception {
		String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime";
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Handler handler = new Handler();
		long started = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
			.orElse(System.currentTimeMillis());
		System.out.println("runtime ready after " + (System.currentTimeMillis() - started) + " ms");
		while (true) {
			HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(api + "/invocation/next")).build(),
					HttpResponse.BodyHandlers.ofString());
			String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
			String result = handler.handleRequest(next.body(), new InvocationContext(requestId));
			http.send(HttpRequest.newBuilder(URI.create(api + "/invocation/" + requestId + "/response"))
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(result))
				.build(), HttpResponse.BodyHandlers.discarding());
		}
	}

	/** The function: a little work, one log line. */
	public static final class Handler implements RequestHandler<String, String> {

		private static final Logger LOG = Logger.getLogger(Handler.class.getName());

		@Override
		public String handleRequest(String input, Context context) {
			long sum = 0;
			for (int i = 0; i < 100_000; i++) {
				sum += (long) i * input.length();
			}
			LOG.info("handled " + context.getAwsRequestId());
			return "{\"sum\":" + sum + "}";
		}

	}

	private record InvocationContext(String requestId) implements Context {

		@Override
		public String getAwsRequestId() {
			return this.requestId;
		}

		@Override
		public String getLogGroupName() {
			return "/aws/lambda/" + getFunctionName();
		}

		@Override
		public String getLogStreamName() {
			return "local";
		}

		@Override
		public String getFunctionName() {
			return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
		}

		@Override
		public String getFunctionVersion() {
			return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
		}

		@Override
		public String getInvokedFunctionArn() {
			return "arn:aws:lambda:" + System.getenv("AWS_REGION") + ":123456789012:function:" + getFunctionName();
		}

		@Override
		public CognitoIdentity getIdentity() {
			return null;
		}

		@Override
		public ClientContext getClientContext() {
			return null;
		}

		@Override
		public int getRemainingTimeInMillis() {
			return 30_000;
		}

		@Override
		public int getMemoryLimitInMB() {
			return Integer.parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
		}

		@Override
		public LambdaLogger getLogger() {
			return new LambdaLogger() {
				@Override
				public void log(String message) {
					System.out.print(message);
				}

				@Override
				public void log(byte[] message) {
					System.out.write(message, 0, message.length);
				}
			};
		}

	}

}
