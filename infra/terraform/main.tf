# local.zip_files and local.s3_keys are in layer_files.tf.
locals {
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

# Lets the functions' role read the secret or parameter the extension reads (environment.tf).
resource "aws_iam_role_policy" "authorization" {
  count  = var.role_name == null ? 0 : 1
  name   = "read-o2-authorization"
  role   = var.role_name
  policy = local.authorization_policy_json
}

# With var.s3_bucket, each zip is uploaded first and the layer published from there: the way for a
# zip over Lambda's 50 MB limit for a direct upload, such as the JVM variant's (the default, native
# layer's zip is about 20 MB).
resource "aws_s3_object" "layer_zip" {
  for_each = local.s3_keys

  bucket = var.s3_bucket
  key    = each.value
  source = local.zip_files[each.key]
  # Not etag: it is no MD5 of the content for a multipart upload or a KMS-encrypted bucket.
  source_hash = fileexists(local.zip_files[each.key]) ? filemd5(local.zip_files[each.key]) : null

  lifecycle {
    precondition {
      condition     = fileexists(local.zip_files[each.key])
      error_message = "Layer zip ${local.zip_files[each.key]} not found: build the layer first, or set zip_directory."
    }
  }
}

resource "aws_lambda_layer_version" "extension" {
  for_each = local.zip_files

  layer_name        = local.layer_names[each.key]
  filename          = var.s3_bucket == null ? each.value : null
  s3_bucket         = var.s3_bucket == null ? null : aws_s3_object.layer_zip[each.key].bucket
  s3_key            = var.s3_bucket == null ? null : aws_s3_object.layer_zip[each.key].key
  s3_object_version = var.s3_bucket == null ? null : try(coalesce(aws_s3_object.layer_zip[each.key].version_id), null) # none when unversioned
  # Also with S3: a changed zip must give a new layer version.
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
