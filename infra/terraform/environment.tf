# The extension's environment, from the variables and local.authorization_header (main.tf).
# Kept apart from the AWS resources so that offline-test/ can test it without the AWS provider.
locals {
  environment = merge(
    {
      O2_ORGANIZATION_ID      = var.organization
      O2_AUTHORIZATION_HEADER = local.authorization_header
    },
    var.endpoint == null ? {} : { O2_ENDPOINT = var.endpoint },
    var.stream == null ? {} : { O2_STREAM = var.stream },
    var.allow_insecure_http ? { O2_ALLOW_INSECURE_HTTP = "true" } : {},
    var.max_buffer_size_mb == null ? {} : { O2_MAX_BUFFER_SIZE_MB = tostring(var.max_buffer_size_mb) },
    var.extra_environment,
    var.otel_instrument ? { AWS_LAMBDA_EXEC_WRAPPER = "/opt/otel-instrument" } : {},
  )
}
