output "layer_arns" {
  description = "Layer version ARN by architecture, e.g. layer_arns[\"arm64\"]: give a function the one of its own architecture."
  value       = { for arch, layer in aws_lambda_layer_version.extension : arch => layer.arn }
}

output "layer_versions" {
  description = "Layer version number by architecture."
  value       = { for arch, layer in aws_lambda_layer_version.extension : arch => layer.version }
}

output "environment" {
  description = "The extension's environment variables, to merge into an aws_lambda_function's environment. Sensitive: it holds the authorization header when Terraform reads it (authorization_header, authorization_ssm_parameter_name, authorization_secret_id)."
  value       = local.environment
  sensitive   = true

  precondition {
    condition     = local.authorization_read_by_extension || local.authorization_header != null
    error_message = "The authorization source gave no value: an empty parameter or secret, or authorization_secret_json_key is not a key of the secret."
  }
}

output "authorization_policy_json" {
  description = "With authorization_secret_arn or authorization_ssm_parameter_arn: the IAM policy the functions' role needs for the extension to read the header (exactly secretsmanager:GetSecretValue or ssm:GetParameter on it, kms:Decrypt on authorization_kms_key_arn); attached to role_name when set. Null otherwise."
  value       = local.authorization_policy_json
}
