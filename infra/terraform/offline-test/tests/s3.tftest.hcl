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
