# Where the layer zips are and, with var.s3_bucket, the S3 key of each (main.tf uploads and
# publishes them). Kept apart from the AWS resources so that offline-test/ can test it without the
# AWS provider.
locals {
  zip_directory = coalesce(var.zip_directory, "${path.module}/../../target")
  # The variant's name goes before the architecture, in the zip's name as in the layer's.
  variant_infix = var.variant == null ? "" : "-${var.variant}"
  zip_files     = { for arch in var.architectures : arch => "${local.zip_directory}/o2-lambda-extension${local.variant_infix}-${arch}.zip" }
  layer_names   = { for arch in var.architectures : arch => "${var.layer_name}${local.variant_infix}-${arch}" }

  # The keys layer-build/publish.sh gives: <prefix><layer name>-<first 16 hex of the zip's
  # SHA-256>.zip. A new zip gets a new key, so an old layer version's object is never overwritten.
  # A missing zip fails the plan in main.tf's preconditions, not here.
  s3_keys = var.s3_bucket == null ? {} : {
    for arch, zip in local.zip_files :
    arch => "${var.s3_key_prefix}${local.layer_names[arch]}-${fileexists(zip) ? substr(filesha256(zip), 0, 16) : "missing"}.zip"
  }
}
