package dev.o2ext.config;

/**
 * The function the extension serves, from Lambda's variables; added to every record. Empty
 * strings stand for values Lambda did not give.
 *
 * @param name {@code AWS_LAMBDA_FUNCTION_NAME}
 * @param version {@code AWS_LAMBDA_FUNCTION_VERSION}
 * @param region {@code AWS_REGION}
 * @param memorySizeMb {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, 0 when unknown
 */
public record FunctionInfo(String name, String version, String region, int memorySizeMb) {
}
