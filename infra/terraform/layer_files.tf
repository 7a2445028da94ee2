# Where the layer zips are and, with var.s3_bucket, the S3 key of each (main.tf uploads and
# publishes them). Kept apart from the AWS resources so that offline-test/ can test it without the
# AWS provider.
locals {
  zip_directory = coalesce(var.zip_directory, "${path.module}/../../target")
  zip_files     = { for arch in var.architectures : arch => "${local.zip_directory}/o2-lambda-extension-${arch}.zip" }

  # The keys layer-build/publish.sh gives: <prefix><layer_name>-<arch>-<first 16 hex of the zip's
  # SHA-256>.zip. A new zip gets a new key, so an old layer version's object is never overwritten.
  # A missing zip fails the plan in main.tf's preconditions, not here.
  s3_keys = var.s3_bucket == null ? {} : {
    for arch, zip in local.zip_files :
    arch => "${var.s3_key_prefix}${var.layer_name}-${arch}-${fileexists(zip) ? substr(filesha256(zip), 0, 16) : "missing"}.zip"
  }
}
