package dev.o2ext.lambda;

/**
 * The answer to {@code register}.
 *
 * @param extensionId the {@code Lambda-Extension-Identifier} to send with every later call
 * @param body the JSON body (function name, version, handler, account id)
 */
public record Registration(String extensionId, String body) {
}
