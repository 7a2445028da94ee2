package dev.o2ext.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one session does with the extension process.
 *
 * @param command the process to start (a layer launcher, or {@code java -jar …})
 * @param environment variables beyond Lambda's and the session's own {@code O2_*} settings
 * @param memorySizeMb {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}
 * @param invocations invocations of {@code linesPerInvocation} text lines each
 * @param jsonInvocations further invocations of JSON-format records
 * @param burstLines lines of one burst invocation at the end; 0 for none
 * @param failures whether OpenObserve answers 503 and 429 once each (the retry path)
 * @param tls a directory for the TLS front's key material: the extension then ships over HTTPS
 *     and trusts the test certificate through {@code tlsOptionsVariable}; null for plain HTTP
 * @param tlsKeyAlgorithm the TLS front's key: {@code RSA} or {@code EC}
 * @param tlsOptionsVariable the variable that carries the trust store options to the JVM
 *     ({@code O2_JAVA_OPTS} for the layer launcher, {@code JAVA_TOOL_OPTIONS} for plain java)
 * @param echo prefix to echo the extension's output with; null for quiet
 */
record SessionPlan(
        List<String> command,
        Map<String, String> environment,
        int memorySizeMb,
        int invocations,
        int linesPerInvocation,
        int jsonInvocations,
        int burstLines,
        boolean failures,
        @Nullable Path tls,
        String tlsKeyAlgorithm,
        String tlsOptionsVariable,
        @Nullable String echo,
        Duration shutdownDeadline) {
}
