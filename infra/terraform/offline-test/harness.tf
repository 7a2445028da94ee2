# Stands in for main.tf when variables.tf and environment.tf are tested without the AWS provider:
# the header from an SSM parameter or a secret is what the AWS data sources would return.
locals {
  authorization_header = (var.authorization_header != null ? var.authorization_header
    : var.authorization_secret_id != null || var.authorization_ssm_parameter_name != null ? "value-read-by-a-data-source"
  : null)
}

output "environment" {
  value     = local.environment
  sensitive = true
}

output "s3_keys" {
  value = local.s3_keys
}

output "layer_names" {
  value = local.layer_names
}

output "zip_files" {
  value = local.zip_files
}

output "authorization_policy_json" {
  value = local.authorization_policy_json
}
