package dev.o2ext.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.o2ext.aws.AwsCredentials;
import dev.o2ext.aws.SigV4Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets Manager ({@code secretsmanager.GetSecretValue}) and SSM Parameter Store
 * ({@code AmazonSSM.GetParameter}) on one loopback port, over the JSON 1.1 protocol, for the
 * {@code AWS_ENDPOINT_URL_*} variables. It checks what AWS checks: a Signature V4 {@code Authorization}
 * header that verifies with the credentials it was given (access key, region, service of the
 * target, {@code X-Amz-Date} within 5 minutes, the session token signed), the content type and
 * the request body's shape; and it answers with AWS's error codes: {@code AccessDeniedException},
 * {@code ResourceNotFoundException} / {@code ParameterNotFound}, {@code ThrottlingException},
 * {@code InvalidSignatureException}. Thread-safe; every request is recorded.
 */
public final class FakeAwsSecrets implements AutoCloseable {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}");

    /** One request and how it was answered. */
    public record Call(String target, int status, String errorCode, JsonNode body) {
    }

    private final AwsCredentials credentials;
    private final String region;
    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private FakeAwsSecrets(AwsCredentials credentials, String region) throws IOException {
        this.credentials = credentials;
        this.region = region;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the fake; requests must be signed with these credentials for this region. */
    public static FakeAwsSecrets start(AwsCredentials credentials, String region) {
        try {
            return new FakeAwsSecrets(credentials, region);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, for {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} and {@code AWS_ENDPOINT_URL_SSM}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeAwsSecrets secret(String id, String secretString) {
        secrets.put(id, secretString);
        return this;
    }

    public FakeAwsSecrets parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /** The role may not read this secret or parameter. */
    public FakeAwsSecrets deny(String id) {
        denied.add(id);
        return this;
    }

    /** The next {@code n} requests are throttled. */
    public FakeAwsSecrets throttle(int n) {
        throttleNext.set(n);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = HttpIo.body(exchange);
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(raw);
            } catch (JacksonException e) {
                body = Json.MAPPER.createObjectNode();
            }
            String refusal = verify(exchange, target, raw);
            if (refusal != null) {
                fail(exchange, target, body, refusal.startsWith("InvalidSignature") ? 403 : 400,
                        refusal.substring(0, refusal.indexOf(':')), refusal);
                return;
            }
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                fail(exchange, target, body, 400, "ThrottlingException", "Rate exceeded");
                return;
            }
            switch (target) {
                case "secretsmanager.GetSecretValue" -> getSecretValue(exchange, target, body);
                case "AmazonSSM.GetParameter" -> getParameter(exchange, target, body);
                default -> fail(exchange, target, body, 400, "UnknownOperationException", "unknown target");
            }
        }
    }

    private void getSecretValue(HttpExchange exchange, String target, JsonNode body) throws IOException {
        JsonNode id = body.path("SecretId");
        if (!id.isString() || body.size() != 1) {
            fail(exchange, target, body, 400, "InvalidParameterException", "the body must be {\"SecretId\":…}");
            return;
        }
        if (denied.contains(id.stringValue())) {
            fail(exchange, target, body, 400, "AccessDeniedException", "not authorized to perform"
                    + " secretsmanager:GetSecretValue");
            return;
        }
        String value = secrets.get(id.stringValue());
        if (value == null) {
            fail(exchange, target, body, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("ARN", id.stringValue()).put("Name", id.stringValue())
                .put("SecretString", value).put("VersionId", "v1");
        answer.putArray("VersionStages").add("AWSCURRENT");
        answer(exchange, target, body, answer);
    }

    private void getParameter(HttpExchange exchange, String target, JsonNode body) throws IOException {
        JsonNode name = body.path("Name");
        if (!name.isString() || !body.path("WithDecryption").asBoolean(false) || body.size() != 2) {
            fail(exchange, target, body, 400, "ValidationException", "the body must be {\"Name\":…,\"WithDecryption\":true}");
            return;
        }
        if (denied.contains(name.stringValue())) {
            fail(exchange, target, body, 400, "AccessDeniedException", "not authorized to perform ssm:GetParameter");
            return;
        }
        String value = parameters.get(name.stringValue());
        if (value == null) {
            fail(exchange, target, body, 400, "ParameterNotFound", "");
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putObject("Parameter").put("Name", name.stringValue()).put("Type", "SecureString").put("Value", value)
                .put("Version", 1);
        answer(exchange, target, body, answer);
    }

    /** Null when the request is signed and shaped as AWS requires, else "Code: reason". */
    private String verify(HttpExchange exchange, String target, byte[] body) {
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getRawPath())) {
            return "UnknownOperationException: not POST /";
        }
        if (!"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            return "UnknownOperationException: Content-Type must be application/x-amz-json-1.1";
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher matcher = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
        if (!matcher.matches()) {
            return "IncompleteSignatureException: no Signature V4 Authorization header";
        }
        String service = target.startsWith("AmazonSSM.") ? "ssm" : "secretsmanager";
        if (!matcher.group(1).equals(credentials.accessKeyId())) {
            return "UnrecognizedClientException: unknown access key";
        }
        if (!matcher.group(3).equals(region) || !matcher.group(4).equals(service)) {
            return "InvalidSignatureException: credential scope " + matcher.group(3) + "/" + matcher.group(4);
        }
        String date = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Date"));
        Instant time;
        try {
            time = Instant.from(SigV4Signer.AMZ_DATE.parse(date));
        } catch (RuntimeException e) {
            return "IncompleteSignatureException: no X-Amz-Date";
        }
        if (Duration.between(time, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return "InvalidSignatureException: Signature expired";
        }
        List<String> signed = List.of(matcher.group(5).split(";"));
        for (String required : List.of("host", "x-amz-date", "x-amz-target", "x-amz-security-token")) {
            if (!signed.contains(required) && (credentials.sessionToken() != null || !required.equals("x-amz-security-token"))) {
                return "InvalidSignatureException: " + required + " is not signed";
            }
        }
        if (credentials.sessionToken() != null
                && !credentials.sessionToken().equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
            return "UnrecognizedClientException: The security token included in the request is invalid";
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : signed) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values == null) {
                return "InvalidSignatureException: signed header " + name + " is missing";
            }
            values.forEach(value -> headers.add(new AbstractMap.SimpleEntry<>(name, value)));
        }
        String expected = SigV4Signer.authorization("POST", "/", null, headers, body, time, credentials, region, service);
        if (!expected.equals(authorization)) {
            return "InvalidSignatureException: The request signature we calculated does not match the signature you provided";
        }
        return null;
    }

    private void answer(HttpExchange exchange, String target, JsonNode body, ObjectNode answer) throws IOException {
        calls.add(new Call(target, 200, "", body));
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        HttpIo.send(exchange, 200, Json.MAPPER.writeValueAsBytes(answer));
    }

    private void fail(HttpExchange exchange, String target, JsonNode body, int status, String code, String message)
            throws IOException {
        calls.add(new Call(target, status, code, body));
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.coral.service/");
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ObjectNode error = Json.MAPPER.createObjectNode().put("__type", code).put("message", message.toLowerCase(Locale.ROOT));
        HttpIo.send(exchange, status, Json.MAPPER.writeValueAsBytes(error));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
