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
