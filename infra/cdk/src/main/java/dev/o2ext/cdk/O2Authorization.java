package dev.o2ext.cdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnDynamicReference;
import software.amazon.awscdk.CfnDynamicReferenceService;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.ssm.IParameter;

/**
 * Where the extension's {@code Authorization} header (the whole value, e.g. {@code Basic …}) comes
 * from. Never a literal in the template or the cloud assembly.
 *
 * <p><b>Read by the extension</b> ({@link #extensionReadsSecret(ISecret)},
 * {@link #extensionReadsParameter(String)} and their variants; recommended): the function gets only
 * the secret's ARN or the parameter's name ({@code O2_AUTHORIZATION_SECRET_ARN},
 * {@code O2_AUTHORIZATION_SSM_PARAMETER}), the extension reads the value once during Init with the
 * function's role, and the role is granted exactly {@code secretsmanager:GetSecretValue} or
 * {@code ssm:GetParameter} on that one secret or parameter (and {@code kms:Decrypt} on a key only when
 * one is given). The header is in neither the template, the stack nor the function's configuration;
 * a {@code SecureString} parameter works.
 *
 * <p><b>Resolved by CloudFormation</b> ({@link #fromSecret(ISecret)}, {@link #fromSecretNameOrArn},
 * {@link #fromStringParameter}): a dynamic reference in {@code O2_AUTHORIZATION_HEADER}. Lambda then
 * stores the resolved value as a plain environment variable of the function, readable by anyone allowed
 * {@code lambda:GetFunctionConfiguration}; a {@code SecureString} is not possible (CloudFormation resolves
 * {@code ssm-secure} references only in a fixed list of resource properties, and a Lambda function's
 * environment is not among them). See {@code infra/cdk/README.md}.
 */
public final class O2Authorization {

    private final String description;
    private final Map<String, String> environment;
    private final @Nullable String action;
    private final @Nullable ResourceArn resource;
    private final List<IKey> keys;

    private O2Authorization(String description, Map<String, String> environment, @Nullable String action,
            @Nullable ResourceArn resource, List<IKey> keys) {
        this.description = description;
        this.environment = Map.copyOf(environment);
        this.action = action;
        this.resource = resource;
        this.keys = List.copyOf(keys);
    }

    private static O2Authorization header(String description, String reference) {
        return new O2Authorization(description, Map.of("O2_AUTHORIZATION_HEADER", reference), null, null, List.of());
    }

    /** CloudFormation resolves the whole {@code SecretString} of a Secrets Manager secret into the header. */
    public static O2Authorization fromSecret(ISecret secret) {
        return header("secret " + secret.getNode().getPath(), secret.getSecretValue().unsafeUnwrap());
    }

    /** CloudFormation resolves one field of a Secrets Manager secret whose {@code SecretString} is a JSON object. */
    public static O2Authorization fromSecret(ISecret secret, String jsonField) {
        requireText(jsonField, "jsonField");
        return header("secret " + secret.getNode().getPath() + " field " + jsonField,
                secret.secretValueFromJson(jsonField).unsafeUnwrap());
    }

    /**
     * CloudFormation resolves a Secrets Manager secret by name or ARN, optionally one JSON field of it.
     * The secret must be in the stack's account and region (or be given by full ARN).
     */
    public static O2Authorization fromSecretNameOrArn(String secretId, @Nullable String jsonField) {
        requireText(secretId, "secretId");
        SecretsManagerSecretOptions.Builder options = SecretsManagerSecretOptions.builder();
        if (jsonField != null) {
            requireText(jsonField, "jsonField");
            options.jsonField(jsonField);
        }
        return header("secret " + secretId + (jsonField == null ? "" : " field " + jsonField),
                SecretValue.secretsManager(secretId, options.build()).unsafeUnwrap());
    }

    /**
     * CloudFormation resolves an SSM Parameter Store parameter of type {@code String} (not
     * {@code SecureString}), its latest version, by a {@code {{resolve:ssm:…}}} dynamic reference. Not
     * a CloudFormation parameter of type {@code AWS::SSM::Parameter::Value<String>}, whose resolved
     * value the stack's parameters would show to anyone allowed {@code cloudformation:DescribeStacks}.
     */
    public static O2Authorization fromStringParameter(String parameterName) {
        requireText(parameterName, "parameterName");
        return header("SSM parameter " + parameterName,
                Token.asString(new CfnDynamicReference(CfnDynamicReferenceService.SSM, parameterName)));
    }

    /**
     * The extension reads the whole {@code SecretString} of this secret during Init; the function's role
     * may call {@code secretsmanager:GetSecretValue} on it (and {@code kms:Decrypt} on its key, when the
     * secret has a customer-managed one).
     */
    public static O2Authorization extensionReadsSecret(ISecret secret) {
        return secret(secret, null);
    }

    /** As {@link #extensionReadsSecret(ISecret)}, the header being the value at {@code jsonKey} of a JSON secret. */
    public static O2Authorization extensionReadsSecret(ISecret secret, String jsonKey) {
        requireText(jsonKey, "jsonKey");
        return secret(secret, jsonKey);
    }

    private static O2Authorization secret(ISecret secret, @Nullable String jsonKey) {
        String full = secret.getSecretFullArn();
        // a secret known by name only: its ARN ends in six characters Secrets Manager chose
        ResourceArn arn = (stack) -> full != null ? full : secret.getSecretArn() + "-??????";
        List<IKey> keys = new ArrayList<>();
        if (secret.getEncryptionKey() != null) {
            keys.add(secret.getEncryptionKey());
        }
        return new O2Authorization("secret " + secret.getNode().getPath() + (jsonKey == null ? "" : " key " + jsonKey)
                + ", read by the extension", secretEnvironment(secret.getSecretArn(), jsonKey),
                "secretsmanager:GetSecretValue", arn, keys);
    }

    /**
     * The extension reads the secret of this full ARN (as the console shows it, with its six-character
     * suffix) during Init, optionally the value at {@code jsonKey}; the function's role may call
     * {@code secretsmanager:GetSecretValue} on exactly that ARN.
     */
    public static O2Authorization extensionReadsSecretArn(String secretArn, @Nullable String jsonKey) {
        requireText(secretArn, "secretArn");
        if (!Token.isUnresolved(secretArn) && !secretArn.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+")) {
            throw new IllegalArgumentException("secretArn must be a Secrets Manager secret's ARN: " + secretArn);
        }
        if (jsonKey != null) {
            requireText(jsonKey, "jsonKey");
        }
        return new O2Authorization("secret " + secretArn + (jsonKey == null ? "" : " key " + jsonKey)
                + ", read by the extension", secretEnvironment(secretArn, jsonKey), "secretsmanager:GetSecretValue",
                (stack) -> secretArn, List.of());
    }

    private static Map<String, String> secretEnvironment(String arn, @Nullable String jsonKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("O2_AUTHORIZATION_SECRET_ARN", arn);
        if (jsonKey != null) {
            env.put("O2_AUTHORIZATION_SECRET_KEY", jsonKey);
        }
        return env;
    }

    /**
     * The extension reads this SSM parameter ({@code String} or {@code SecureString}) during Init, in the
     * stack's account and region; the function's role may call {@code ssm:GetParameter} on it. A
     * {@code SecureString} under a customer-managed key needs {@link #decryptedWith(IKey)}; under the
     * default {@code aws/ssm} key nothing more.
     */
    public static O2Authorization extensionReadsParameter(String parameterName) {
        requireText(parameterName, "parameterName");
        String name = parameterName.startsWith("/") ? parameterName.substring(1) : parameterName;
        return new O2Authorization("SSM parameter " + parameterName + ", read by the extension",
                Map.of("O2_AUTHORIZATION_SSM_PARAMETER", parameterName), "ssm:GetParameter",
                (stack) -> stack.formatArn(ArnComponents.builder().service("ssm").resource("parameter")
                        .resourceName(name).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()),
                List.of());
    }

    /** As {@link #extensionReadsParameter(String)}, for a parameter of this app. */
    public static O2Authorization extensionReadsParameter(IParameter parameter) {
        return new O2Authorization("SSM parameter " + parameter.getNode().getPath() + ", read by the extension",
                Map.of("O2_AUTHORIZATION_SSM_PARAMETER", parameter.getParameterName()), "ssm:GetParameter",
                (stack) -> parameter.getParameterArn(), List.of());
    }

    /**
     * The same source, and the function's role may also call {@code kms:Decrypt} with this key (a secret's
     * or a {@code SecureString}'s customer-managed key). Only for sources the extension reads.
     */
    public O2Authorization decryptedWith(IKey key) {
        if (action == null) {
            throw new IllegalArgumentException("decryptedWith: CloudFormation, not the function, reads " + description);
        }
        List<IKey> all = new ArrayList<>(keys);
        all.add(key);
        return new O2Authorization(description, environment, action, resource, all);
    }

    /** The variables to set on the function: the header's reference, or where the extension reads it. */
    Map<String, String> environment() {
        return environment;
    }

    /**
     * Lets the function's role read the secret or parameter: exactly the one action on the one resource,
     * and {@code kms:Decrypt} on the given keys. Nothing for a source CloudFormation resolves.
     */
    void grantRead(Function function) {
        if (action == null || resource == null) {
            return;
        }
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of(action))
                .resources(List.of(resource.arn(Stack.of(function)))).build());
        for (IKey key : keys) {
            function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("kms:Decrypt"))
                    .resources(List.of(key.getKeyArn())).build());
        }
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

    /** The ARN of what the role may read, known once the stack is. */
    @FunctionalInterface
    private interface ResourceArn {
        String arn(Stack stack);
    }
}
