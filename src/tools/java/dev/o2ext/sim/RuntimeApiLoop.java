package dev.o2ext.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The Runtime API loop of the JDK-only test functions ({@link MiniRuntime} and the end-to-end
 * tests' own): polls {@code next} on {@code AWS_LAMBDA_RUNTIME_API} until it is refused, hands each
 * invocation to the handler and posts its answer to the response or the error route.
 */
public final class RuntimeApiLoop {

    private RuntimeApiLoop() {
    }

    /** One invocation as the Runtime API hands it over. */
    public record Invocation(String requestId, String traceHeader, String payload) {
    }

    /**
     * What the function answers.
     * @param body the JSON body
     * @param errorType {@code null} for a response, else the error type posted to the error route
     */
    public record Answer(String body, String errorType) {

        public static Answer response(String body) {
            return new Answer(body, null);
        }

        public static Answer error(String errorType, String body) {
            return new Answer(body, errorType);
        }

    }

    /** Handles one invocation; may print to stdout and stderr. */
    @FunctionalInterface
    public interface Handler {

        Answer handle(Invocation invocation) throws Exception;

    }

    /** Serves invocations until the Runtime API refuses {@code next} (the sandbox shuts down). */
    public static void serve(Handler handler) throws Exception {
        String base = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (true) {
            HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(base + "next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (next.statusCode() != 200) {
                return;
            }
            Invocation invocation = new Invocation(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow(),
                    next.headers().firstValue("Lambda-Runtime-Trace-Id").orElse(""), next.body());
            Answer answer = handler.handle(invocation);
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + invocation.requestId()
                    + ((answer.errorType() == null) ? "/response" : "/error")));
            if (answer.errorType() != null) {
                post.header("Lambda-Runtime-Function-Error-Type", answer.errorType());
            }
            client.send(post.POST(HttpRequest.BodyPublishers.ofString(answer.body())).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

}
