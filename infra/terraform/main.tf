locals {
  zip_directory = coalesce(var.zip_directory, "${path.module}/../../target")
  zip_files     = { for arch in var.architectures : arch => "${local.zip_directory}/o2-lambda-extension-${arch}.zip" }

  # Exactly one source is set (see the validation of var.authorization_header).
  secret_string = one(data.aws_secretsmanager_secret_version.authorization[*].secret_string)
  authorization_header = try(coalesce(
    var.authorization_header,
    one(data.aws_ssm_parameter.authorization[*].value),
    var.authorization_secret_json_key == null ? local.secret_string : jsondecode(local.secret_string)[var.authorization_secret_json_key],
  ), null)
}

data "aws_ssm_parameter" "authorization" {
  count           = var.authorization_ssm_parameter_name == null ? 0 : 1
  name            = var.authorization_ssm_parameter_name
  with_decryption = true
}

data "aws_secretsmanager_secret_version" "authorization" {
  count     = var.authorization_secret_id == null ? 0 : 1
  secret_id = var.authorization_secret_id
}

resource "aws_lambda_layer_version" "extension" {
  for_each = local.zip_files

  layer_name               = "${var.layer_name}-${each.key}"
  filename                 = each.value
  source_code_hash         = fileexists(each.value) ? filebase64sha256(each.value) : null
  compatible_architectures = [each.key]
  compatible_runtimes      = var.compatible_runtimes
  description              = "${var.description} (${each.key})"
  license_info             = var.license_info
  skip_destroy             = var.skip_destroy

  lifecycle {
    precondition {
      condition     = fileexists(each.value)
      error_message = "Layer zip ${each.value} not found: build the layer first, or set zip_directory."
    }
  }
}
