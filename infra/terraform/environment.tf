# The extension's environment, from the variables and local.authorization_header (main.tf), and the
# policy that lets the extension read a secret or parameter itself. Kept apart from the AWS resources
# so that offline-test/ can test them without the AWS provider.
locals {
  # The extension reads the header during Init: no header value in the state.
  authorization_read_by_extension = var.authorization_secret_arn != null || var.authorization_ssm_parameter_arn != null

  environment = merge(
    { O2_ORGANIZATION_ID = var.organization },
    local.authorization_read_by_extension ? {} : { O2_AUTHORIZATION_HEADER = local.authorization_header },
    var.authorization_secret_arn == null ? {} : { O2_AUTHORIZATION_SECRET_ARN = var.authorization_secret_arn },
    var.authorization_secret_arn == null || var.authorization_secret_json_key == null ? {} : {
      O2_AUTHORIZATION_SECRET_KEY = var.authorization_secret_json_key
    },
    var.authorization_ssm_parameter_arn == null ? {} : { O2_AUTHORIZATION_SSM_PARAMETER = var.authorization_ssm_parameter_arn },
    var.endpoint == null ? {} : { O2_ENDPOINT = var.endpoint },
    var.stream == null ? {} : { O2_STREAM = var.stream },
    var.allow_insecure_http ? { O2_ALLOW_INSECURE_HTTP = "true" } : {},
    var.max_buffer_size_mb == null ? {} : { O2_MAX_BUFFER_SIZE_MB = tostring(var.max_buffer_size_mb) },
    var.extra_environment,
    var.otel_instrument ? { AWS_LAMBDA_EXEC_WRAPPER = "/opt/otel-instrument" } : {},
  )
}

locals {
  # Exactly the one action on the one secret or parameter, and kms:Decrypt only on a key given.
  authorization_policy_json = !local.authorization_read_by_extension ? null : jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Effect   = "Allow"
        Action   = var.authorization_secret_arn != null ? "secretsmanager:GetSecretValue" : "ssm:GetParameter"
        Resource = coalesce(var.authorization_secret_arn, var.authorization_ssm_parameter_arn)
      }],
      var.authorization_kms_key_arn == null ? [] : [{
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = var.authorization_kms_key_arn
      }],
    )
  })
}
