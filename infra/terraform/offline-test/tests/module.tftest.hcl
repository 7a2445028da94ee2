# Offline tests of the module's variables and environment (run.sh assembles the configuration).

variables {
  organization         = "default"
  authorization_header = "Basic cGxhY2Vob2xkZXI=" # a placeholder
}

run "minimal_configuration_sets_only_the_required_variables" {
  command = plan

  assert {
    condition = nonsensitive(output.environment) == {
      O2_ORGANIZATION_ID      = "default"
      O2_AUTHORIZATION_HEADER = "Basic cGxhY2Vob2xkZXI="
    }
    error_message = "unexpected environment"
  }
}

run "every_setting_becomes_its_variable" {
  command = plan

  variables {
    endpoint            = "http://o2.internal:5080"
    allow_insecure_http = true
    stream              = "lambda_logs"
    max_buffer_size_mb  = 32
    extra_environment   = { O2_FLUSH_BUDGET_MS = "1500" }
    otel_instrument     = true
  }

  assert {
    condition = nonsensitive(output.environment) == {
      O2_ORGANIZATION_ID      = "default"
      O2_AUTHORIZATION_HEADER = "Basic cGxhY2Vob2xkZXI="
      O2_ENDPOINT             = "http://o2.internal:5080"
      O2_ALLOW_INSECURE_HTTP  = "true"
      O2_STREAM               = "lambda_logs"
      O2_MAX_BUFFER_SIZE_MB   = "32"
      O2_FLUSH_BUDGET_MS      = "1500"
      AWS_LAMBDA_EXEC_WRAPPER = "/opt/otel-instrument"
    }
    error_message = "unexpected environment"
  }
}

run "the_header_may_come_from_a_secret_instead" {
  command = plan

  variables {
    authorization_header    = null
    authorization_secret_id = "o2/ingest"
  }

  assert {
    condition     = nonsensitive(output.environment["O2_AUTHORIZATION_HEADER"]) == "value-read-by-a-data-source"
    error_message = "the header should come from the secret"
  }
}

run "plain_http_on_loopback_needs_no_flag" {
  command = plan

  variables {
    endpoint = "http://127.0.0.1:5080"
  }

  assert {
    condition     = !contains(keys(nonsensitive(output.environment)), "O2_ALLOW_INSECURE_HTTP")
    error_message = "loopback needs no O2_ALLOW_INSECURE_HTTP"
  }
}

run "rejects_plain_http_elsewhere_without_the_flag" {
  command = plan
  variables {
    endpoint = "http://o2.internal:5080"
  }
  expect_failures = [var.endpoint]
}

run "rejects_an_endpoint_that_is_not_a_base_url" {
  command = plan
  variables {
    endpoint = "https://user:pw@o2.example.com"
  }
  expect_failures = [var.endpoint]
}

run "rejects_an_organization_with_a_slash" {
  command = plan
  variables {
    organization = "a/b"
  }
  expect_failures = [var.organization]
}

run "rejects_no_authorization_source" {
  command = plan
  variables {
    authorization_header = null
  }
  expect_failures = [var.authorization_header]
}

run "rejects_two_authorization_sources" {
  command = plan
  variables {
    authorization_ssm_parameter_name = "/o2/authorization"
  }
  expect_failures = [var.authorization_header]
}

run "rejects_an_unknown_architecture" {
  command = plan
  variables {
    architectures = ["x86_64", "riscv64"]
  }
  expect_failures = [var.architectures]
}

run "rejects_a_bad_layer_name" {
  command = plan
  variables {
    layer_name = "o2 layer"
  }
  expect_failures = [var.layer_name]
}

run "rejects_a_buffer_out_of_range" {
  command = plan
  variables {
    max_buffer_size_mb = 1025
  }
  expect_failures = [var.max_buffer_size_mb]
}

run "rejects_extra_variables_that_are_not_o2" {
  command = plan
  variables {
    extra_environment = { DEBUG = "1" }
  }
  expect_failures = [var.extra_environment]
}

run "rejects_extra_variables_that_have_their_own_setting" {
  command = plan
  variables {
    extra_environment = { O2_ENDPOINT = "https://elsewhere.example.com" }
  }
  expect_failures = [var.extra_environment]
}

run "the_extension_reads_a_secret_itself_and_the_policy_allows_exactly_that" {
  command = plan

  variables {
    authorization_header          = null
    authorization_secret_arn      = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf"
    authorization_secret_json_key = "authorization"
  }

  assert {
    condition = nonsensitive(output.environment) == {
      O2_ORGANIZATION_ID          = "default"
      O2_AUTHORIZATION_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf"
      O2_AUTHORIZATION_SECRET_KEY = "authorization"
    }
    error_message = "only where the header is, never the header"
  }

  assert {
    condition = jsondecode(output.authorization_policy_json) == {
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf"
      }]
    }
    error_message = "the policy should allow exactly GetSecretValue on that secret"
  }
}

run "the_extension_reads_a_parameter_and_decrypts_it_with_the_given_key" {
  command = plan

  variables {
    authorization_header            = null
    authorization_ssm_parameter_arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/o2/authorization"
    authorization_kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition = nonsensitive(output.environment) == {
      O2_ORGANIZATION_ID             = "default"
      O2_AUTHORIZATION_SSM_PARAMETER = "arn:aws:ssm:eu-west-1:123456789012:parameter/o2/authorization"
    }
    error_message = "only where the header is, never the header"
  }

  assert {
    condition = jsondecode(output.authorization_policy_json).Statement == [
      {
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = "arn:aws:ssm:eu-west-1:123456789012:parameter/o2/authorization"
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      },
    ]
    error_message = "GetParameter on the parameter, Decrypt on the key"
  }
}

run "a_header_terraform_reads_needs_no_policy" {
  command = plan

  assert {
    condition     = output.authorization_policy_json == null
    error_message = "no policy without a source the extension reads"
  }
}

run "rejects_a_secret_name_where_the_extension_needs_an_arn" {
  command = plan
  variables {
    authorization_header     = null
    authorization_secret_arn = "o2/ingest"
  }
  expect_failures = [var.authorization_secret_arn]
}

run "rejects_a_key_for_a_header_terraform_reads" {
  command = plan
  variables {
    authorization_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd"
  }
  expect_failures = [var.authorization_kms_key_arn]
}

run "rejects_a_role_without_a_source_the_extension_reads" {
  command = plan
  variables {
    role_name = "my-function-role"
  }
  expect_failures = [var.role_name]
}

run "rejects_a_json_key_without_a_secret" {
  command = plan
  variables {
    authorization_secret_json_key = "authorization"
  }
  expect_failures = [var.authorization_secret_json_key]
}

run "rejects_a_secret_read_by_both" {
  command = plan
  variables {
    authorization_header     = null
    authorization_secret_id  = "o2/ingest"
    authorization_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2/ingest-AbCdEf"
  }
  expect_failures = [var.authorization_header]
}

run "rejects_extra_variables_the_extension_does_not_read_or_refuses" {
  command = plan
  variables {
    extra_environment = { O2_FLUSH_BUDGET = "1500" }
  }
  expect_failures = [var.extra_environment]
}

run "rejects_a_fractional_buffer" {
  command = plan
  variables {
    max_buffer_size_mb = 1.5
  }
  expect_failures = [var.max_buffer_size_mb]
}
