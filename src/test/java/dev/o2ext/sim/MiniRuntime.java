package dev.o2ext.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
        String base = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (true) {
            HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(base + "next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (next.statusCode() != 200) {
                return;
            }
            String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            System.out.println("handling " + requestId);
            System.out.println("{\"level\":\"INFO\",\"requestId\":\"" + requestId + "\",\"message\":\"payload "
                    + next.body().length() + " bytes\"}");
            HttpRequest.Builder answer = HttpRequest.newBuilder(URI.create(base + requestId + (fail ? "/error" : "/response")));
            if (fail) {
                answer.header("Lambda-Runtime-Function-Error-Type", "Function.Failed");
            }
            String body = fail ? "{\"errorMessage\":\"failed on purpose\",\"errorType\":\"Function.Failed\"}"
                    : "{\"echo\":" + next.body() + "}";
            client.send(answer.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
