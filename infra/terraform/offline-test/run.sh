#!/usr/bin/env bash
# Tests the module's variables and environment offline: the AWS provider cannot be downloaded
# here, so this assembles a provider-free configuration from variables.tf, environment.tf and
# harness.tf in a temporary directory and runs `terraform test` on it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/../variables.tf" "$here/../environment.tf" "$here/harness.tf" "$work/"
cp -r "$here/tests" "$work/tests"
cd "$work"
terraform init -backend=false -input=false -no-color >/dev/null
terraform test -no-color
