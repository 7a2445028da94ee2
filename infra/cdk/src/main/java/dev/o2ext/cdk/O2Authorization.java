package dev.o2ext.cdk;

import org.jspecify.annotations.Nullable;
import software.amazon.awscdk.CfnDynamicReference;
import software.amazon.awscdk.CfnDynamicReferenceService;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * Where the value of {@code O2_AUTHORIZATION_HEADER} (the whole header, e.g. {@code Basic …}) comes
 * from. It is always a reference that CloudFormation resolves at deploy time, never a literal in the
 * template or the cloud assembly.
 *
 * <p>What this does not hide: Lambda stores the resolved value as a plain environment variable of
 * the function, readable by anyone allowed {@code lambda:GetFunctionConfiguration} (with a customer
 * managed KMS key on the function: anyone who may also use that key). There is deliberately no
 * factory for an SSM {@code SecureString}: CloudFormation resolves {@code ssm-secure} references only
 * in a fixed list of resource properties, and a Lambda function's environment is not among them.
 * See {@code infra/cdk/README.md}.
 */
public final class O2Authorization {

    private final String description;
    private final String reference;

    private O2Authorization(String description, String reference) {
        this.description = description;
        this.reference = reference;
    }

    /** The whole {@code SecretString} of a Secrets Manager secret. */
    public static O2Authorization fromSecret(ISecret secret) {
        return new O2Authorization("secret " + secret.getNode().getPath(),
                secret.getSecretValue().unsafeUnwrap());
    }

    /** One field of a Secrets Manager secret whose {@code SecretString} is a JSON object. */
    public static O2Authorization fromSecret(ISecret secret, String jsonField) {
        requireText(jsonField, "jsonField");
        return new O2Authorization("secret " + secret.getNode().getPath() + " field " + jsonField,
                secret.secretValueFromJson(jsonField).unsafeUnwrap());
    }

    /**
     * A Secrets Manager secret by name or ARN, optionally one JSON field of it. The secret must be in
     * the stack's account and region (or be given by full ARN).
     */
    public static O2Authorization fromSecretNameOrArn(String secretId, @Nullable String jsonField) {
        requireText(secretId, "secretId");
        SecretsManagerSecretOptions.Builder options = SecretsManagerSecretOptions.builder();
        if (jsonField != null) {
            requireText(jsonField, "jsonField");
            options.jsonField(jsonField);
        }
        return new O2Authorization("secret " + secretId + (jsonField == null ? "" : " field " + jsonField),
                SecretValue.secretsManager(secretId, options.build()).unsafeUnwrap());
    }

    /**
     * An SSM Parameter Store parameter of type {@code String} (not {@code SecureString}), its latest
     * version, by a {@code {{resolve:ssm:…}}} dynamic reference. Not a CloudFormation parameter of
     * type {@code AWS::SSM::Parameter::Value<String>}, whose resolved value the stack's parameters
     * would show to anyone allowed {@code cloudformation:DescribeStacks}.
     */
    public static O2Authorization fromStringParameter(String parameterName) {
        requireText(parameterName, "parameterName");
        return new O2Authorization("SSM parameter " + parameterName,
                Token.asString(new CfnDynamicReference(CfnDynamicReferenceService.SSM, parameterName)));
    }

    /**
     * The token to put into the environment: it resolves to the reference, not to the value.
     * ({@code unsafeUnwrap} is how the CDK lets a secret be used as a string.)
     */
    String reference() {
        return reference;
    }

    /** Where the value comes from, without the value; safe to print. */
    @Override
    public String toString() {
        return description;
    }

    private static void requireText(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
