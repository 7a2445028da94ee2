package dev.o2ext.cdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.lambda.Function;

/**
 * Settings of {@link O2LogShipping}: the function, the layer to take its version from, and the
 * extension's configuration (see {@code docs/configuration.md}). Immutable and checked when built;
 * usually made with {@link #builder()}. Every value is checked against the extension's own rules
 * ({@code infra/o2-settings.json}, generated from the extension's table of settings): what it would
 * refuse at Init fails the synth. Values that are unresolved CDK tokens (a CloudFormation parameter,
 * say) are passed through unchecked.
 *
 * @param function the function to ship logs of; gets the layer of its own architecture
 * @param layer the published layers
 * @param organization {@code O2_ORGANIZATION_ID}; required, letters, digits, {@code _ - . :}
 * @param authorization where the header comes from, e.g. {@link O2Authorization#extensionReadsSecret}; required
 * @param endpoint {@code O2_ENDPOINT}, an http(s) base URL; default unset (the extension's default)
 * @param stream {@code O2_STREAM}; default unset ({@code default})
 * @param allowInsecureHttp sets {@code O2_ALLOW_INSECURE_HTTP=true}; needed for {@code http://} on a
 *     host other than loopback
 * @param maxBufferSizeMb {@code O2_MAX_BUFFER_SIZE_MB}, 1–1024; default unset (10)
 * @param requestTimeout {@code O2_REQUEST_TIMEOUT_MS}, 100 ms – 600 s; default unset (30 s)
 * @param maxRetries {@code O2_MAX_RETRIES}, 0–20; default unset (3)
 * @param otelInstrumentation sets {@code AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument}; needs a
 *     layer that ships the wrapper
 * @param additionalEnvironment further {@code O2_*} variables, e.g. {@code O2_FLUSH_BUDGET_MS}; may
 *     not repeat a variable set by another setting; each must be one the extension reads, with a value
 *     its rule accepts
 */
public record O2LogShippingProps(
        Function function,
        O2ExtensionLayer layer,
        String organization,
        O2Authorization authorization,
        @Nullable String endpoint,
        @Nullable String stream,
        boolean allowInsecureHttp,
        @Nullable Integer maxBufferSizeMb,
        @Nullable Duration requestTimeout,
        @Nullable Integer maxRetries,
        boolean otelInstrumentation,
        Map<String, String> additionalEnvironment) {

    /** The wrapper script the layer puts at {@code /opt/otel-instrument}. */
    public static final String OTEL_EXEC_WRAPPER = "/opt/otel-instrument";

    /** Variables that only typed settings may set. */
    static final Set<String> TYPED_VARIABLES = Set.of("O2_ORGANIZATION_ID", "O2_AUTHORIZATION_HEADER",
            "O2_AUTHORIZATION_SECRET_ARN", "O2_AUTHORIZATION_SECRET_KEY", "O2_AUTHORIZATION_SSM_PARAMETER", "O2_ENDPOINT", "O2_STREAM", "O2_ALLOW_INSECURE_HTTP", "O2_MAX_BUFFER_SIZE_MB",
            "O2_REQUEST_TIMEOUT_MS", "O2_MAX_RETRIES");

    /** @throws IllegalArgumentException naming the setting and its variable when a value is wrong */
    public O2LogShippingProps {
        require(function != null, "function is required");
        require(layer != null, "layer is required");
        require(organization != null && !organization.isBlank(), "organization (O2_ORGANIZATION_ID) is required");
        require(Token.isUnresolved(organization) || O2Settings.problem("O2_ORGANIZATION_ID", organization) == null,
                "organization (O2_ORGANIZATION_ID) may contain only letters, digits, '_', '-', '.' and ':': "
                        + organization);
        require(authorization != null,
                "authorization (O2_AUTHORIZATION_HEADER) is required: use O2Authorization.fromSecret(...) "
                        + "or fromStringParameter(...)");
        if (endpoint != null && !Token.isUnresolved(endpoint)) {
            checkEndpoint(endpoint, allowInsecureHttp);
        }
        require(stream == null || !stream.isBlank(), "stream (O2_STREAM) must not be blank");
        require(stream == null || Token.isUnresolved(stream) || O2Settings.problem("O2_STREAM", stream) == null,
                "stream (O2_STREAM) may contain only letters, digits, '_', '-', '.' and ':': " + stream);
        requireInRange(maxBufferSizeMb, "maxBufferSizeMb", "O2_MAX_BUFFER_SIZE_MB", "");
        requireInRange(maxRetries, "maxRetries", "O2_MAX_RETRIES", "");
        requireInRange(requestTimeout == null || requestTimeout.isUnresolved() ? null
                : requestTimeout.toMilliseconds().longValue(), "requestTimeout", "O2_REQUEST_TIMEOUT_MS", " ms");
        additionalEnvironment = Map.copyOf(additionalEnvironment);
        for (String name : additionalEnvironment.keySet()) {
            require(name.startsWith("O2_"), "additionalEnvironment takes only O2_* variables: " + name);
            require(!TYPED_VARIABLES.contains(name),
                    "additionalEnvironment may not set " + name + "; use its own setting");
            require(O2Settings.known(name), "additionalEnvironment: " + name
                    + " is not a variable the extension reads (docs/configuration.md)");
            String value = additionalEnvironment.get(name);
            String problem = Token.isUnresolved(value) ? null : O2Settings.problem(name, value);
            require(problem == null, "additionalEnvironment: " + problem + "; the extension would refuse it at Init");
        }
    }

    /** A whole number within the extension's range of {@code variable}, or null (unset). */
    private static void requireInRange(@Nullable Number value, String setting, String variable, String unit) {
        long min = O2Settings.min(variable);
        long max = O2Settings.max(variable);
        require(value == null || (value.longValue() >= min && value.longValue() <= max),
                setting + " (" + variable + ") must be " + min + "-" + max + unit + ": " + value + unit);
    }

    private static void checkEndpoint(String endpoint, boolean allowInsecureHttp) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint (O2_ENDPOINT) is not a URL: " + endpoint, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        require((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null,
                "endpoint (O2_ENDPOINT) must be an http(s) URL with a host: " + endpoint);
        require(uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null,
                "endpoint (O2_ENDPOINT) must be a base URL without user info, query or fragment: " + endpoint);
        require(scheme.equals("https") || allowInsecureHttp || isLoopback(uri.getHost()),
                "endpoint (O2_ENDPOINT) uses plain http on a non-loopback host; the extension refuses that "
                        + "unless allowInsecureHttp is set: " + endpoint);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The variables {@link O2LogShipping} sets, in a stable order; the authorization as a token. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("O2_ORGANIZATION_ID", organization);
        env.putAll(authorization.environment());
        putIfSet(env, "O2_ENDPOINT", endpoint);
        putIfSet(env, "O2_STREAM", stream);
        if (allowInsecureHttp) {
            env.put("O2_ALLOW_INSECURE_HTTP", "true");
        }
        putIfSet(env, "O2_MAX_BUFFER_SIZE_MB", maxBufferSizeMb);
        putIfSet(env, "O2_REQUEST_TIMEOUT_MS", requestTimeout == null ? null : requestTimeout.toMilliseconds().longValue());
        putIfSet(env, "O2_MAX_RETRIES", maxRetries);
        new TreeMap<>(additionalEnvironment).forEach(env::put);
        if (otelInstrumentation) {
            env.put("AWS_LAMBDA_EXEC_WRAPPER", OTEL_EXEC_WRAPPER);
        }
        return env;
    }

    private static void putIfSet(Map<String, String> env, String name, @Nullable Object value) {
        if (value != null) {
            env.put(name, value.toString());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link O2LogShippingProps}; not thread-safe. */
    public static final class Builder {
        private @Nullable Function function;
        private @Nullable O2ExtensionLayer layer;
        private @Nullable String organization;
        private @Nullable O2Authorization authorization;
        private @Nullable String endpoint;
        private @Nullable String stream;
        private boolean allowInsecureHttp;
        private @Nullable Integer maxBufferSizeMb;
        private @Nullable Duration requestTimeout;
        private @Nullable Integer maxRetries;
        private boolean otelInstrumentation;
        private Map<String, String> additionalEnvironment = Map.of();

        private Builder() {
        }

        public Builder function(Function function) {
            this.function = function;
            return this;
        }

        public Builder layer(O2ExtensionLayer layer) {
            this.layer = layer;
            return this;
        }

        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        public Builder authorization(O2Authorization authorization) {
            this.authorization = authorization;
            return this;
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder stream(String stream) {
            this.stream = stream;
            return this;
        }

        public Builder allowInsecureHttp(boolean allowInsecureHttp) {
            this.allowInsecureHttp = allowInsecureHttp;
            return this;
        }

        public Builder maxBufferSizeMb(int maxBufferSizeMb) {
            this.maxBufferSizeMb = maxBufferSizeMb;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder otelInstrumentation(boolean otelInstrumentation) {
            this.otelInstrumentation = otelInstrumentation;
            return this;
        }

        public Builder additionalEnvironment(Map<String, String> additionalEnvironment) {
            this.additionalEnvironment = additionalEnvironment;
            return this;
        }

        /** @throws IllegalArgumentException as the record's constructor does */
        public O2LogShippingProps build() {
            return new O2LogShippingProps(function, layer, organization, authorization, endpoint, stream,
                    allowInsecureHttp, maxBufferSizeMb, requestTimeout, maxRetries, otelInstrumentation,
                    additionalEnvironment);
        }
    }
}
