output "layer_arns" {
  description = "Layer version ARN by architecture, e.g. layer_arns[\"arm64\"]: give a function the one of its own architecture."
  value       = { for arch, layer in aws_lambda_layer_version.extension : arch => layer.arn }
}

output "layer_versions" {
  description = "Layer version number by architecture."
  value       = { for arch, layer in aws_lambda_layer_version.extension : arch => layer.version }
}

output "environment" {
  description = "The extension's environment variables, to merge into an aws_lambda_function's environment. Sensitive: it holds the authorization header."
  value       = local.environment
  sensitive   = true

  precondition {
    condition     = local.authorization_header != null
    error_message = "The authorization source gave no value: an empty parameter or secret, or authorization_secret_json_key is not a key of the secret."
  }
}
