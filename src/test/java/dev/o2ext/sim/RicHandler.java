package dev.o2ext.sim;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain {@link RequestHandler} for {@link RuntimeInterfaceClientIT}, run by AWS's runtime
 * interface client: it logs one line through the Lambda logger and one through
 * {@code System.out}, answers with the event and what the context says, and throws when the event
 * asks for it (the client then posts to the Runtime API's error route).
 */
public final class RicHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        context.getLogger().log("ric handler got " + event.get("name") + " in " + context.getAwsRequestId() + "\n");
        System.out.println("ric stdout " + context.getAwsRequestId());
        if (Boolean.TRUE.equals(event.get("fail"))) {
            throw new IllegalStateException("failing on purpose in " + context.getAwsRequestId());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("hello", event.get("name"));
        answer.put("requestId", context.getAwsRequestId());
        answer.put("functionArn", context.getInvokedFunctionArn());
        answer.put("remainingMs", context.getRemainingTimeInMillis());
        return answer;
    }
}
