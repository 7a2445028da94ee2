/**
 * AWS without the AWS SDK: the function's credentials from the environment, an AWS Signature
 * Version 4 signer, the endpoint rules of the SDKs, and the two calls the extension makes at Init
 * (Secrets Manager {@code GetSecretValue}, SSM {@code GetParameter}) over the JSON protocol on
 * {@link java.net.HttpURLConnection}. Nothing here logs a secret or puts one in an exception.
 */
@NullMarked
package dev.o2ext.aws;

import org.jspecify.annotations.NullMarked;
