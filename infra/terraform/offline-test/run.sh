#!/usr/bin/env bash
# Tests the module's variables, environment and S3 keys offline: the AWS provider cannot be
# downloaded here, so this assembles a provider-free configuration from variables.tf,
# environment.tf, layer_files.tf and harness.tf in a temporary directory and runs `terraform test`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/../variables.tf" "$here/../environment.tf" "$here/../layer_files.tf" "$here/harness.tf" "$work/"
cp -r "$here/tests" "$work/tests"
# One run per shared case of the extension's own (src/test/resources/config/o2-value-cases.json):
# the module accepts what the extension accepts at Init and refuses what it refuses.
jq -r '
  def run($var; $value; $valid; $n):
    "run \"case_\($var)_\($n)\" {\n  command = plan\n  variables {\n    \($var) = \($value | tojson)\n  }\n"
    + (if $valid then "" else "  expect_failures = [var.\($var)]\n" end) + "}\n";
  [["organization", .O2_ORGANIZATION_ID], ["stream", .O2_STREAM]][] as [$var, $cases]
  | ($cases.valid | to_entries[] | run($var; .value; true; "valid_\(.key)")),
    ($cases.invalid | to_entries[] | run($var; .value; false; "invalid_\(.key)"))
' "$here/../../../src/test/resources/config/o2-value-cases.json" >"$work/tests/cases.tftest.hcl"
printf 'variables {\n  organization         = "default"\n  authorization_header = "Basic cGxhY2Vob2xkZXI="\n  zip_directory        = "zips"\n}\n' \
  >>"$work/tests/cases.tftest.hcl"
cd "$work"
# Stand-ins for the layer zips, whose SHA-256 the tests know (tests/s3.tftest.hcl).
mkdir zips
printf 'x86' >zips/o2-lambda-extension-x86_64.zip
printf 'arm' >zips/o2-lambda-extension-arm64.zip
printf 'jvm' >zips/o2-lambda-extension-jvm-x86_64.zip
terraform init -backend=false -input=false -no-color >/dev/null
terraform test -no-color

# The whole module (main.tf too) with a mocked AWS provider: `terraform validate` against the
# provider's schema, then provider-tests/ (the S3 upload and the layer versions). Needs the
# provider in a local filesystem mirror, TF_PLUGIN_MIRROR (default /opt/tf-plugins, where our
# build image has hashicorp/aws); skipped without it. No AWS call: the provider is mocked.
mirror=${TF_PLUGIN_MIRROR:-/opt/tf-plugins}
if [[ ! -d $mirror/registry.terraform.io/hashicorp/aws ]]; then
  echo "provider tests: SKIPPED (no hashicorp/aws in the plugin mirror $mirror; set TF_PLUGIN_MIRROR)"
  exit 0
fi
module="$work/module"
mkdir "$module"
cp "$here"/../*.tf "$module/"
cp -r "$here/provider-tests" "$module/tests"
mv zips "$module/zips"
printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n' \
  "$mirror" >"$work/cli.tfrc"
cd "$module"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
terraform init -backend=false -input=false -no-color >/dev/null
terraform validate -no-color
terraform test -no-color
