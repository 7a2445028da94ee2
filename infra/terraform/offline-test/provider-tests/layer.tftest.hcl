# Tests of main.tf's resources with a mocked AWS provider (no AWS calls, no credentials). run.sh
# runs them only when the AWS provider is in a local plugin mirror; see run.sh.

mock_provider "aws" {}

variables {
  organization         = "default"
  authorization_header = "Basic cGxhY2Vob2xkZXI=" # a placeholder
  zip_directory        = "zips"
}

run "without_a_bucket_the_zips_are_uploaded_directly" {
  command = apply

  variables {
    architectures = ["x86_64", "arm64"]
  }

  assert {
    condition = (length(aws_s3_object.layer_zip) == 0
      && aws_lambda_layer_version.extension["arm64"].filename == "zips/o2-lambda-extension-arm64.zip"
    && aws_lambda_layer_version.extension["arm64"].s3_bucket == null)
    error_message = "expected a direct upload"
  }
}

run "with_a_bucket_each_zip_is_uploaded_and_published_from_s3" {
  command = apply

  variables {
    s3_bucket     = "my-layers"
    s3_key_prefix = "layers/"
  }

  assert {
    condition = (aws_s3_object.layer_zip["x86_64"].bucket == "my-layers"
      && aws_s3_object.layer_zip["x86_64"].key == "layers/o2-lambda-extension-x86_64-13d6a668eb0789a6.zip"
      && aws_s3_object.layer_zip["x86_64"].source == "zips/o2-lambda-extension-x86_64.zip"
    && aws_s3_object.layer_zip["x86_64"].source_hash == filemd5("zips/o2-lambda-extension-x86_64.zip"))
    error_message = "unexpected S3 object"
  }

  assert {
    condition = (aws_lambda_layer_version.extension["x86_64"].filename == null
      && aws_lambda_layer_version.extension["x86_64"].s3_bucket == "my-layers"
      && aws_lambda_layer_version.extension["x86_64"].s3_key == "layers/o2-lambda-extension-x86_64-13d6a668eb0789a6.zip"
    && aws_lambda_layer_version.extension["x86_64"].source_code_hash == filebase64sha256("zips/o2-lambda-extension-x86_64.zip"))
    error_message = "the layer version should be published from the S3 object"
  }
}

run "the_jvm_variant_is_published_as_its_own_layer" {
  command = apply

  variables {
    variant = "jvm"
  }

  assert {
    condition = (length(aws_lambda_layer_version.extension) == 1
      && aws_lambda_layer_version.extension["x86_64"].layer_name == "o2-lambda-extension-jvm-x86_64"
      && aws_lambda_layer_version.extension["x86_64"].filename == "zips/o2-lambda-extension-jvm-x86_64.zip"
    && aws_lambda_layer_version.extension["x86_64"].compatible_architectures == toset(["x86_64"]))
    error_message = "unexpected JVM variant layer"
  }
}

run "with_role_name_the_role_may_read_the_secret_the_extension_reads_and_nothing_is_read_at_plan" {
  command = apply

  variables {
    authorization_header     = null
    authorization_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf"
    role_name                = "my-function-role"
  }

  assert {
    condition = (aws_iam_role_policy.authorization[0].role == "my-function-role"
      && jsondecode(aws_iam_role_policy.authorization[0].policy).Statement == [{
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf"
      }]
      && length(data.aws_secretsmanager_secret_version.authorization) == 0
    && length(data.aws_ssm_parameter.authorization) == 0)
    error_message = "the role's policy should allow exactly GetSecretValue on the secret, and Terraform read nothing"
  }

  assert {
    condition     = !contains(keys(nonsensitive(output.environment)), "O2_AUTHORIZATION_HEADER")
    error_message = "no header in the state"
  }
}

run "without_role_name_no_policy_is_attached" {
  command = apply

  assert {
    condition     = length(aws_iam_role_policy.authorization) == 0
    error_message = "no role, no policy"
  }
}
