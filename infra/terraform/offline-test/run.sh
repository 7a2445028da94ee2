#!/usr/bin/env bash
# Tests the module's variables, environment and S3 keys offline: the AWS provider cannot be
# downloaded here, so this assembles a provider-free configuration from variables.tf,
# environment.tf, layer_files.tf and harness.tf in a temporary directory and runs `terraform test`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/../variables.tf" "$here/../environment.tf" "$here/../layer_files.tf" "$here/../o2_settings.tf.json" \
  "$here/harness.tf" "$work/"
cp -r "$here/tests" "$work/tests"
# One run per case of infra/o2-settings.json (generated from the extension's table of settings; the
# extension's ConfigLoaderCasesTest runs every case against its loader): the module accepts what the
# extension accepts at Init and refuses what it refuses, through the typed variables and, for every
# other O2_* variable, extra_environment. A typed number takes no word, so such cases are left out.
jq -r '
  def typed: {O2_ORGANIZATION_ID: "organization", O2_STREAM: "stream", O2_ENDPOINT: "endpoint",
    O2_MAX_BUFFER_SIZE_MB: "max_buffer_size_mb"};
  def untyped: ["O2_ALLOW_INSECURE_HTTP", "O2_AUTHORIZATION_HEADER", "O2_AUTHORIZATION_SECRET_ARN",
    "O2_AUTHORIZATION_SECRET_KEY", "O2_AUTHORIZATION_SSM_PARAMETER"];
  def run($name; $value; $valid; $n):
    (typed[$name] // "extra_environment") as $var
    | (if $var == "extra_environment" then "{ \($name) = \($value | tojson) }"
       elif $var == "max_buffer_size_mb" then $value else ($value | tojson) end) as $hcl
    | "run \"case_\($name)_\($n)\" {\n  command = plan\n  variables {\n    \($var) = \($hcl)\n  }\n"
      + (if $valid then "" else "  expect_failures = [var.\($var)]\n" end) + "}\n";
  .settings | to_entries[]
  | select((.key | startswith("O2_")) and ([.key] | inside(untyped) | not))
  | .key as $name
  | (.value.cases.valid | to_entries[] | select($name != "O2_MAX_BUFFER_SIZE_MB" or (.value | test("^-?[0-9.]+$")))
      | run($name; .value; true; "valid_\(.key)")),
    (.value.cases.invalid | to_entries[] | select($name != "O2_MAX_BUFFER_SIZE_MB" or (.value | test("^-?[0-9.]+$")))
      | run($name; .value; false; "invalid_\(.key)"))
' "$here/../../o2-settings.json" >"$work/tests/cases.tftest.hcl"
echo "shared cases: $(grep -c '^run ' "$work/tests/cases.tftest.hcl") runs from infra/o2-settings.json"
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
cp "$here"/../*.tf "$here"/../*.tf.json "$module/"
cp -r "$here/provider-tests" "$module/tests"
mv zips "$module/zips"
printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n' \
  "$mirror" >"$work/cli.tfrc"
cd "$module"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
terraform init -backend=false -input=false -no-color >/dev/null
terraform validate -no-color
terraform test -no-color
