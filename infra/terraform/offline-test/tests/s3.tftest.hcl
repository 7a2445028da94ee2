# Offline tests of the S3 path's variables and keys (run.sh writes the zips: "x86" and "arm").
# The keys must be the ones layer-build/publish.sh gives: <prefix><layer>-<arch>-<16 hex>.zip.

variables {
  organization         = "default"
  authorization_header = "Basic cGxhY2Vob2xkZXI=" # a placeholder
  zip_directory        = "zips"
}

run "without_a_bucket_nothing_goes_through_s3" {
  command = plan

  assert {
    condition     = length(output.s3_keys) == 0
    error_message = "no S3 keys without s3_bucket"
  }
}

run "with_a_bucket_each_zip_gets_a_key_named_by_its_sha256" {
  command = plan

  variables {
    s3_bucket     = "my-layers.eu-west-1"
    s3_key_prefix = "layers/o2/"
    architectures = ["x86_64", "arm64"]
  }

  assert {
    condition = output.s3_keys == tomap({
      x86_64 = "layers/o2/o2-lambda-extension-x86_64-13d6a668eb0789a6.zip" # sha256("x86")
      arm64  = "layers/o2/o2-lambda-extension-arm64-ddf7ff5ebd9d66ce.zip"  # sha256("arm")
    })
    error_message = "unexpected S3 keys"
  }
}

run "the_key_follows_layer_name_and_architectures" {
  command = plan

  variables {
    s3_bucket     = "my-layers"
    layer_name    = "o2ext"
    architectures = ["arm64"]
  }

  assert {
    condition     = output.s3_keys == tomap({ arm64 = "o2ext-arm64-ddf7ff5ebd9d66ce.zip" })
    error_message = "unexpected S3 keys"
  }
}

run "by_default_only_the_x86_64_layer_that_the_quick_start_builds" {
  command = plan

  assert {
    condition     = jsonencode(output.zip_files) == jsonencode({ x86_64 = "zips/o2-lambda-extension-x86_64.zip" })
    error_message = "the default must be the x86_64 zip alone"
  }
  assert {
    condition     = jsonencode(output.layer_names) == jsonencode({ x86_64 = "o2-lambda-extension-x86_64" })
    error_message = "unexpected layer names"
  }
}

run "the_jvm_variant_is_its_own_zip_and_layer_named_before_the_architecture" {
  command = plan

  variables {
    variant   = "jvm"
    s3_bucket = "my-layers"
  }

  assert {
    condition     = jsonencode(output.zip_files) == jsonencode({ x86_64 = "zips/o2-lambda-extension-jvm-x86_64.zip" })
    error_message = "unexpected zip"
  }
  assert {
    condition     = jsonencode(output.layer_names) == jsonencode({ x86_64 = "o2-lambda-extension-jvm-x86_64" })
    error_message = "unexpected layer names"
  }
  assert {
    condition     = output.s3_keys == tomap({ x86_64 = "o2-lambda-extension-jvm-x86_64-729d78e34a7c8291.zip" }) # sha256("jvm")
    error_message = "unexpected S3 keys"
  }
}

run "rejects_an_unknown_variant" {
  command = plan
  variables {
    variant = "native"
  }
  expect_failures = [var.variant]
}

run "rejects_a_bad_bucket_name" {
  command = plan
  variables {
    s3_bucket = "My_Layers"
  }
  expect_failures = [var.s3_bucket]
}

run "rejects_a_prefix_with_a_leading_slash" {
  command = plan
  variables {
    s3_bucket     = "my-layers"
    s3_key_prefix = "/layers/"
  }
  expect_failures = [var.s3_key_prefix]
}

run "rejects_a_prefix_without_a_bucket" {
  command = plan
  variables {
    s3_key_prefix = "layers/"
  }
  expect_failures = [var.s3_key_prefix]
}
