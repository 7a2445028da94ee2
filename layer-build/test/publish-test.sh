#!/usr/bin/env bash
# Tests of layer-build/publish.sh. Never calls AWS: every run has a stub `aws` first on the PATH,
# which records its arguments (and, for the real-run cases, answers like the AWS CLI).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
publish="$here/../publish.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=layer-build/test/lib/checks.sh
source "$here/lib/checks.sh"

# A stub aws: records each call (arguments NUL-separated, one call per line) and, for
# publish-layer-version, prints an ARN with version $STUB_VERSION, or fails in $STUB_FAIL_REGION;
# `s3 cp` prints progress as the AWS CLI does, or fails with $STUB_FAIL_S3 set.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/aws" <<'EOF'
#!/usr/bin/env bash
printf '%s\0' "$@" >>"$STUB_LOG"
printf '\n' >>"$STUB_LOG"
region=""
for ((i = 1; i <= $#; i++)); do
  [[ ${!i} == --region ]] && { j=$((i + 1)); region=${!j}; }
done
if [[ $1 == s3 ]]; then
  if [[ -n ${STUB_FAIL_S3:-} ]]; then
    echo "upload failed: An error occurred (AccessDenied) when calling the PutObject operation" >&2
    exit 1
  fi
  echo "upload: $3 to $4"
fi
if [[ $2 == publish-layer-version ]]; then
  if [[ $region == "${STUB_FAIL_REGION:-}" ]]; then
    echo "An error occurred (AccessDeniedException)" >&2
    exit 254
  fi
  echo "arn:aws:lambda:$region:123456789012:layer:stub:${STUB_VERSION:-7}"
fi
EOF
chmod +x "$tmp/bin/aws"
export STUB_LOG="$tmp/aws-calls"

zips="$tmp/zips"
mkdir -p "$zips"
printf 'x86' >"$zips/o2-lambda-extension-x86_64.zip"
printf 'arm' >"$zips/o2-lambda-extension-arm64.zip"
printf 'x86 with agent' >"$zips/o2-lambda-extension-javaagent-x86_64.zip"
printf 'arm with agent' >"$zips/o2-lambda-extension-javaagent-arm64.zip"

run() { # run ARGS...: sets out, err, rc
  : >"$STUB_LOG"
  set +e
  PATH="$tmp/bin:$PATH" "$publish" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  set -e
  out=$(<"$tmp/out")
  err=$(<"$tmp/err")
}


start "dry run prints one publish call per region and architecture, and calls nothing"
run --dry-run --regions eu-west-1,us-east-1 --zip-dir "$zips"
assert_eq 0 "$rc" "exit status"
assert_eq "aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-x86_64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64)' --zip-file fileb://$zips/o2-lambda-extension-x86_64.zip --compatible-architectures x86_64 --query LayerVersionArn --output text
aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-arm64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (arm64)' --zip-file fileb://$zips/o2-lambda-extension-arm64.zip --compatible-architectures arm64 --query LayerVersionArn --output text
aws lambda publish-layer-version --region us-east-1 --layer-name o2-lambda-extension-x86_64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64)' --zip-file fileb://$zips/o2-lambda-extension-x86_64.zip --compatible-architectures x86_64 --query LayerVersionArn --output text
aws lambda publish-layer-version --region us-east-1 --layer-name o2-lambda-extension-arm64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (arm64)' --zip-file fileb://$zips/o2-lambda-extension-arm64.zip --compatible-architectures arm64 --query LayerVersionArn --output text" "$out" "printed calls"
assert_eq "" "$(<"$STUB_LOG")" "aws calls in a dry run"

start "dry run prints the sharing calls after each publish call"
run --dry-run --regions eu-central-1 --arch arm64 --layer-name o2ext --zip-dir "$zips" \
  --public --org-id o-abcdefghij --account 123456789012,210987654321 --license-info Apache-2.0
assert_eq 0 "$rc" "exit status"
assert_eq "aws lambda publish-layer-version --region eu-central-1 --layer-name o2ext-arm64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (arm64)' --zip-file fileb://$zips/o2-lambda-extension-arm64.zip --compatible-architectures arm64 --license-info Apache-2.0 --query LayerVersionArn --output text
aws lambda add-layer-version-permission --region eu-central-1 --layer-name o2ext-arm64 --version-number '<version>' --statement-id public --action lambda:GetLayerVersion --principal '*'
aws lambda add-layer-version-permission --region eu-central-1 --layer-name o2ext-arm64 --version-number '<version>' --statement-id org-o-abcdefghij --action lambda:GetLayerVersion --principal '*' --organization-id o-abcdefghij
aws lambda add-layer-version-permission --region eu-central-1 --layer-name o2ext-arm64 --version-number '<version>' --statement-id account-123456789012 --action lambda:GetLayerVersion --principal 123456789012
aws lambda add-layer-version-permission --region eu-central-1 --layer-name o2ext-arm64 --version-number '<version>' --statement-id account-210987654321 --action lambda:GetLayerVersion --principal 210987654321" "$out" "printed calls"

start "printed calls are shell-quoted: run back through the shell they give the same arguments"
weird="$tmp/dir with 'quotes' and \$dollar"
mkdir -p "$weird"
cp "$zips/o2-lambda-extension-x86_64.zip" "$weird/"
run --dry-run --regions us-west-2 --arch x86_64 --zip-dir "$weird" --description "it's \"quoted\" \$HOME *" \
  --license-info 'https://example.com/license?a=1&b=2'
assert_eq 0 "$rc" "exit status"
: >"$STUB_LOG"
PATH="$tmp/bin:$PATH" bash -c "$out" >/dev/null 2>&1 || fail "the printed line does not run"
mapfile -d '' args < <(head -c -1 "$STUB_LOG") # without the newline that ends the call
assert_eq "lambda|publish-layer-version|--region|us-west-2|--layer-name|o2-lambda-extension-x86_64|--description|it's \"quoted\" \$HOME *|--zip-file|fileb://$weird/o2-lambda-extension-x86_64.zip|--compatible-architectures|x86_64|--license-info|https://example.com/license?a=1&b=2|--query|LayerVersionArn|--output|text" \
  "$(IFS='|'; echo "${args[*]}")" "arguments after a round trip through the shell"

start "a real run publishes, shares with the returned version and prints the ARNs"
run --regions eu-west-1,ap-southeast-2 --arch x86_64 --zip-dir "$zips" --public
assert_eq 0 "$rc" "exit status"
assert_eq "eu-west-1 x86_64 arn:aws:lambda:eu-west-1:123456789012:layer:stub:7
ap-southeast-2 x86_64 arn:aws:lambda:ap-southeast-2:123456789012:layer:stub:7" "$out" "printed ARNs"
calls=$(tr '\0' ' ' <"$STUB_LOG")
assert_eq "lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-x86_64 --description Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64) --zip-file fileb://$zips/o2-lambda-extension-x86_64.zip --compatible-architectures x86_64 --query LayerVersionArn --output text 
lambda add-layer-version-permission --region eu-west-1 --layer-name o2-lambda-extension-x86_64 --version-number 7 --statement-id public --action lambda:GetLayerVersion --principal * 
lambda publish-layer-version --region ap-southeast-2 --layer-name o2-lambda-extension-x86_64 --description Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64) --zip-file fileb://$zips/o2-lambda-extension-x86_64.zip --compatible-architectures x86_64 --query LayerVersionArn --output text 
lambda add-layer-version-permission --region ap-southeast-2 --layer-name o2-lambda-extension-x86_64 --version-number 7 --statement-id public --action lambda:GetLayerVersion --principal * " "$calls" "aws calls"

start "a failing call stops the run after printing what was already published"
STUB_FAIL_REGION=us-east-1 run --regions eu-west-1,us-east-1,us-west-2 --arch arm64 --zip-dir "$zips"
assert_eq 254 "$rc" "exit status (the AWS CLI's)"
assert_eq "eu-west-1 arm64 arn:aws:lambda:eu-west-1:123456789012:layer:stub:7" "$out" "printed ARNs"
assert_contains "$err" "AccessDeniedException" "stderr"
assert_eq 2 "$(grep -c publish-layer-version "$STUB_LOG")" "publish calls (none after the failure)"

start "an answer without a version number is an error"
STUB_VERSION=latest run --regions eu-west-1 --arch arm64 --zip-dir "$zips" --public
assert_eq 2 "$rc" "exit status"
assert_contains "$err" "unexpected answer from publish-layer-version" "stderr"
assert_eq 1 "$(wc -l <"$STUB_LOG" | tr -d ' ')" "calls (no permission call)"

start "without --arch, what is built is published: only x86_64 when only its zip is there"
rm -rf "$tmp/one" && mkdir -p "$tmp/one" && cp "$zips/o2-lambda-extension-x86_64.zip" "$tmp/one/"
run --dry-run --regions eu-west-1 --s3-bucket my-layers --zip-dir "$tmp/one"
assert_eq 0 "$rc" "exit status: $err"
assert_eq 2 "$(wc -l <<<"$out" | tr -d ' ')" "printed calls (one upload, one publish)"
assert_contains "$out" "--layer-name o2-lambda-extension-x86_64 " "the x86_64 layer"
[[ $out != *arm64* ]] || fail "an arm64 call without an arm64 zip: $out"

start "a missing zip fails before any call, in a dry run too, naming --arch with what is built"
for mode in --dry-run --public; do
  run "$mode" --regions eu-west-1 --arch x86_64,arm64 --zip-dir "$tmp/one"
  assert_eq 2 "$rc" "exit status ($mode)"
  assert_eq "" "$out" "stdout ($mode)"
  assert_contains "$err" "layer zip not found: $tmp/one/o2-lambda-extension-arm64.zip (build it first (layer-build/build.sh --arch arm64), or pass --zip-dir, or publish only what is built: --arch x86_64)" "stderr ($mode)"
  assert_eq "" "$(<"$STUB_LOG")" "aws calls ($mode)"
done
mkdir -p "$tmp/none"
run --dry-run --regions eu-west-1 --zip-dir "$tmp/none"
assert_eq 2 "$rc" "exit status (no zip at all)"
assert_contains "$err" "no layer zip found: $tmp/none/o2-lambda-extension-x86_64.zip (build the layer first: layer-build/build.sh" "stderr (no zip at all)"

start "--variant jvm publishes target/o2-lambda-extension-jvm-<arch>.zip as <layer-name>-jvm-<arch>"
mkdir -p "$tmp/jvm" && printf 'jvm x86' >"$tmp/jvm/o2-lambda-extension-jvm-x86_64.zip"
cp "$zips/o2-lambda-extension-x86_64.zip" "$tmp/jvm/"
run --dry-run --regions eu-west-1 --zip-dir "$tmp/jvm" --variant jvm
assert_eq 0 "$rc" "exit status: $err"
assert_eq "aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-jvm-x86_64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve, on a JVM (x86_64)' --zip-file fileb://$tmp/jvm/o2-lambda-extension-jvm-x86_64.zip --compatible-architectures x86_64 --query LayerVersionArn --output text" "$out" "printed calls"
run --dry-run --regions eu-west-1 --zip-dir "$tmp/jvm" --variant jvm --arch arm64
assert_eq 2 "$rc" "exit status (jvm arm64 not built)"
assert_contains "$err" "o2-lambda-extension-jvm-arm64.zip (build it first" "stderr (jvm arm64 not built)"

start "a layer whose runtime needs a newer glibc than Lambda's is refused; 2.34 and older pass; unknown is a warning"
for glibc in 2.38 2.17 2.34 unknown; do
  rm -rf "$tmp/glibc" && mkdir -p "$tmp/glibc/layer/o2-lambda-extension"
  printf 'architecture=arm64\nglibc=%s\n' "$glibc" >"$tmp/glibc/layer/o2-lambda-extension/layer.properties"
  (cd "$tmp/glibc/layer" && zip -q -r ../o2-lambda-extension-arm64.zip .)
  run --dry-run --regions eu-west-1 --arch arm64 --zip-dir "$tmp/glibc"
  if [[ $glibc == 2.38 ]]; then
    assert_eq 2 "$rc" "exit status (glibc $glibc)"
    assert_contains "$err" "needs glibc 2.38; Lambda (Amazon Linux 2023) has 2.34: not publishing it" "stderr"
    assert_eq "" "$out" "stdout (glibc $glibc)"
  elif [[ $glibc == unknown ]]; then
    assert_eq 0 "$rc" "exit status (glibc $glibc): $err"
    assert_contains "$err" "does not say which glibc its runtime needs (unknown): not checked" "stderr"
  else
    assert_eq 0 "$rc" "exit status (glibc $glibc): $err"
    assert_eq "" "$err" "stderr (glibc $glibc)"
  fi
done

start "a zip over the 50 MB direct-upload limit is refused, naming --s3-bucket"
mkdir -p "$tmp/big" && truncate -s $((50 * 1024 * 1024 + 1)) "$tmp/big/o2-lambda-extension-arm64.zip" # sparse
for mode in --dry-run --public; do
  run "$mode" --regions eu-west-1 --arch arm64 --zip-dir "$tmp/big"
  assert_eq 2 "$rc" "exit status ($mode)"
  assert_contains "$err" "is 52428801 bytes, over the 50 MB limit of a direct upload" "stderr ($mode)"
  assert_contains "$err" "publish it through S3 with --s3-bucket" "stderr ($mode)"
  assert_eq "" "$(<"$STUB_LOG")" "aws calls ($mode)"
done

# Keys of the test zips: <layer>-<arch>-<first 16 hex of the SHA-256>.zip
sha_x86=$(sha256sum <"$zips/o2-lambda-extension-x86_64.zip" | cut -c1-16)
sha_arm=$(sha256sum <"$zips/o2-lambda-extension-arm64.zip" | cut -c1-16)
sha_big=$(sha256sum <"$tmp/big/o2-lambda-extension-arm64.zip" | cut -c1-16)

start "with --s3-bucket, a dry run prints an upload before each publish from S3, {region} replaced"
run --dry-run --regions eu-west-1,us-east-1 --zip-dir "$zips" --s3-bucket 'layers-{region}' --s3-prefix o2/
assert_eq 0 "$rc" "exit status"
assert_eq "aws s3 cp $zips/o2-lambda-extension-x86_64.zip s3://layers-eu-west-1/o2/o2-lambda-extension-x86_64-$sha_x86.zip --region eu-west-1
aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-x86_64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64)' --content S3Bucket=layers-eu-west-1,S3Key=o2/o2-lambda-extension-x86_64-$sha_x86.zip --compatible-architectures x86_64 --query LayerVersionArn --output text
aws s3 cp $zips/o2-lambda-extension-arm64.zip s3://layers-eu-west-1/o2/o2-lambda-extension-arm64-$sha_arm.zip --region eu-west-1
aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-arm64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (arm64)' --content S3Bucket=layers-eu-west-1,S3Key=o2/o2-lambda-extension-arm64-$sha_arm.zip --compatible-architectures arm64 --query LayerVersionArn --output text
aws s3 cp $zips/o2-lambda-extension-x86_64.zip s3://layers-us-east-1/o2/o2-lambda-extension-x86_64-$sha_x86.zip --region us-east-1
aws lambda publish-layer-version --region us-east-1 --layer-name o2-lambda-extension-x86_64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64)' --content S3Bucket=layers-us-east-1,S3Key=o2/o2-lambda-extension-x86_64-$sha_x86.zip --compatible-architectures x86_64 --query LayerVersionArn --output text
aws s3 cp $zips/o2-lambda-extension-arm64.zip s3://layers-us-east-1/o2/o2-lambda-extension-arm64-$sha_arm.zip --region us-east-1
aws lambda publish-layer-version --region us-east-1 --layer-name o2-lambda-extension-arm64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (arm64)' --content S3Bucket=layers-us-east-1,S3Key=o2/o2-lambda-extension-arm64-$sha_arm.zip --compatible-architectures arm64 --query LayerVersionArn --output text" "$out" "printed calls"
assert_eq "" "$(<"$STUB_LOG")" "aws calls in a dry run"

start "with --s3-bucket, a zip over 50 MB is published from S3; a fixed bucket suits one region"
run --dry-run --regions eu-west-1 --arch arm64 --layer-name o2ext --zip-dir "$tmp/big" --s3-bucket my.layers --account 123456789012
assert_eq 0 "$rc" "exit status"
assert_eq "aws s3 cp $tmp/big/o2-lambda-extension-arm64.zip s3://my.layers/o2ext-arm64-$sha_big.zip --region eu-west-1
aws lambda publish-layer-version --region eu-west-1 --layer-name o2ext-arm64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve (arm64)' --content S3Bucket=my.layers,S3Key=o2ext-arm64-$sha_big.zip --compatible-architectures arm64 --query LayerVersionArn --output text
aws lambda add-layer-version-permission --region eu-west-1 --layer-name o2ext-arm64 --version-number '<version>' --statement-id account-123456789012 --action lambda:GetLayerVersion --principal 123456789012" "$out" "printed calls"

start "with --s3-bucket, a real run uploads, then publishes from S3, and prints only the ARNs"
run --regions eu-west-1,ap-southeast-2 --arch x86_64 --zip-dir "$zips" --s3-bucket 'o2-{region}-layers' --public
assert_eq 0 "$rc" "exit status"
assert_eq "eu-west-1 x86_64 arn:aws:lambda:eu-west-1:123456789012:layer:stub:7
ap-southeast-2 x86_64 arn:aws:lambda:ap-southeast-2:123456789012:layer:stub:7" "$out" "printed ARNs"
calls=$(tr '\0' ' ' <"$STUB_LOG")
assert_eq "s3 cp $zips/o2-lambda-extension-x86_64.zip s3://o2-eu-west-1-layers/o2-lambda-extension-x86_64-$sha_x86.zip --region eu-west-1 
lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-x86_64 --description Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64) --content S3Bucket=o2-eu-west-1-layers,S3Key=o2-lambda-extension-x86_64-$sha_x86.zip --compatible-architectures x86_64 --query LayerVersionArn --output text 
lambda add-layer-version-permission --region eu-west-1 --layer-name o2-lambda-extension-x86_64 --version-number 7 --statement-id public --action lambda:GetLayerVersion --principal * 
s3 cp $zips/o2-lambda-extension-x86_64.zip s3://o2-ap-southeast-2-layers/o2-lambda-extension-x86_64-$sha_x86.zip --region ap-southeast-2 
lambda publish-layer-version --region ap-southeast-2 --layer-name o2-lambda-extension-x86_64 --description Ships Lambda logs and OpenTelemetry data to OpenObserve (x86_64) --content S3Bucket=o2-ap-southeast-2-layers,S3Key=o2-lambda-extension-x86_64-$sha_x86.zip --compatible-architectures x86_64 --query LayerVersionArn --output text 
lambda add-layer-version-permission --region ap-southeast-2 --layer-name o2-lambda-extension-x86_64 --version-number 7 --statement-id public --action lambda:GetLayerVersion --principal * " "$calls" "aws calls"

sha_x86_agent=$(sha256sum <"$zips/o2-lambda-extension-javaagent-x86_64.zip" | cut -c1-16)
sha_arm_agent=$(sha256sum <"$zips/o2-lambda-extension-javaagent-arm64.zip" | cut -c1-16)

start "--variant javaagent publishes the variant's zips as layers of their own, named before the architecture"
run --dry-run --regions eu-west-1 --zip-dir "$zips" --variant javaagent --s3-bucket 'layers-{region}' --s3-prefix o2/
assert_eq 0 "$rc" "exit status"
assert_eq "aws s3 cp $zips/o2-lambda-extension-javaagent-x86_64.zip s3://layers-eu-west-1/o2/o2-lambda-extension-javaagent-x86_64-$sha_x86_agent.zip --region eu-west-1
aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-javaagent-x86_64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve, with the OpenTelemetry Java agent (x86_64)' --content S3Bucket=layers-eu-west-1,S3Key=o2/o2-lambda-extension-javaagent-x86_64-$sha_x86_agent.zip --compatible-architectures x86_64 --query LayerVersionArn --output text
aws s3 cp $zips/o2-lambda-extension-javaagent-arm64.zip s3://layers-eu-west-1/o2/o2-lambda-extension-javaagent-arm64-$sha_arm_agent.zip --region eu-west-1
aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-javaagent-arm64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve, with the OpenTelemetry Java agent (arm64)' --content S3Bucket=layers-eu-west-1,S3Key=o2/o2-lambda-extension-javaagent-arm64-$sha_arm_agent.zip --compatible-architectures arm64 --query LayerVersionArn --output text" "$out" "printed calls"
assert_eq "" "$(<"$STUB_LOG")" "aws calls in a dry run"

start "--variant nodejs publishes the Node.js variant's zip as a layer of its own"
printf 'x86 with otel js' >"$zips/o2-lambda-extension-nodejs-x86_64.zip"
run --dry-run --regions eu-west-1 --arch x86_64 --zip-dir "$zips" --variant nodejs
assert_eq 0 "$rc" "exit status"$'\n'"$err"
assert_eq "aws lambda publish-layer-version --region eu-west-1 --layer-name o2-lambda-extension-nodejs-x86_64 --description 'Ships Lambda logs and OpenTelemetry data to OpenObserve, with OpenTelemetry JS for Node.js (x86_64)' --zip-file fileb://$zips/o2-lambda-extension-nodejs-x86_64.zip --compatible-architectures x86_64 --query LayerVersionArn --output text" "$out" "printed calls"
rm -f "$zips/o2-lambda-extension-nodejs-x86_64.zip"

start "--variant javaagent in a real run: the base name, description and sharing apply to the variant's layer"
run --regions us-east-1 --arch arm64 --layer-name o2ext --zip-dir "$zips" --variant javaagent --description 'with agent' \
  --account 123456789012
assert_eq 0 "$rc" "exit status"
assert_eq "us-east-1 arm64 arn:aws:lambda:us-east-1:123456789012:layer:stub:7" "$out" "printed ARNs"
calls=$(tr '\0' ' ' <"$STUB_LOG")
assert_eq "lambda publish-layer-version --region us-east-1 --layer-name o2ext-javaagent-arm64 --description with agent --zip-file fileb://$zips/o2-lambda-extension-javaagent-arm64.zip --compatible-architectures arm64 --query LayerVersionArn --output text 
lambda add-layer-version-permission --region us-east-1 --layer-name o2ext-javaagent-arm64 --version-number 7 --statement-id account-123456789012 --action lambda:GetLayerVersion --principal 123456789012 " "$calls" "aws calls"

start "--variant javaagent without the variant's zip fails before any call, although the plain zip is there"
run --dry-run --regions eu-west-1 --arch x86_64 --zip-dir "$tmp/one" --variant javaagent
assert_eq 2 "$rc" "exit status"
assert_contains "$err" "layer zip not found: $tmp/one/o2-lambda-extension-javaagent-x86_64.zip" "stderr"
assert_eq "" "$out" "stdout"

start "a failed upload stops the run before its publish call"
STUB_FAIL_S3=1 run --regions eu-west-1 --arch arm64 --zip-dir "$zips" --s3-bucket layers-bucket
assert_eq 1 "$rc" "exit status (the AWS CLI's)"
assert_eq "" "$out" "stdout"
assert_contains "$err" "PutObject" "stderr"
assert_eq 0 "$(grep -c publish-layer-version "$STUB_LOG")" "publish calls"

start "a real run without the AWS CLI fails clearly; a dry run does not need it"
mkdir -p "$tmp/no-aws"
for tool in wc unzip sed sort tail; do # the external commands publish.sh needs
  ln -sf "$(command -v "$tool")" "$tmp/no-aws/$tool"
done
set +e
err=$(PATH="$tmp/no-aws" "$BASH" "$publish" --regions eu-west-1 --zip-dir "$zips" 2>&1 >/dev/null)
rc=$?
out=$(PATH="$tmp/no-aws" "$BASH" "$publish" --dry-run --regions eu-west-1 --zip-dir "$zips" 2>&1)
dry_rc=$?
set -e
assert_eq 2 "$rc" "exit status without aws"
assert_contains "$err" "the AWS CLI (aws) is not on the PATH" "stderr"
assert_eq 0 "$dry_rc" "dry run exit status without aws"
assert_eq 2 "$(grep -c '^aws lambda publish-layer-version ' <<<"$out")" "dry run calls without aws"

start "without unzip nothing is published: the layer's glibc could not be checked"
mkdir -p "$tmp/no-unzip"
for tool in wc sed sort tail; do
  ln -sf "$(command -v "$tool")" "$tmp/no-unzip/$tool"
done
set +e
err=$(PATH="$tmp/no-unzip" "$BASH" "$publish" --dry-run --regions eu-west-1 --zip-dir "$zips" 2>&1 >/dev/null)
rc=$?
set -e
assert_eq 2 "$rc" "exit status without unzip"
assert_contains "$err" "unzip is not on the PATH" "stderr"

start "bad arguments are refused with exit status 2 and a message"
while IFS='|' read -r args message; do
  read -r -a argv <<<"$args"
  run "${argv[@]}" --zip-dir "$zips"
  assert_eq 2 "$rc" "exit status for: $args"
  assert_contains "$err" "$message" "stderr for: $args"
  assert_eq "" "$out" "stdout for: $args"
done <<'EOF'
--dry-run|--regions is required
--dry-run --regions Europe|not an AWS region: Europe
--dry-run --regions eu-west-1 --arch amd64|unsupported architecture amd64
--dry-run --regions eu-west-1 --arch arm64,arm64|architecture arm64 given twice
--dry-run --regions eu-west-1 --layer-name a.b|layer name must be
--dry-run --regions eu-west-1 --org-id 123|not an AWS Organization id: 123
--dry-run --regions eu-west-1 --account 1234|not a 12-digit AWS account id: 1234
--dry-run --regions eu-west-1 --bogus|unknown option --bogus
--dry-run --regions|--regions needs a value
--dry-run --regions eu-west-1,us-east-1 --s3-bucket layers|--s3-bucket must contain {region} when publishing to several regions
--dry-run --regions eu-west-1 --s3-bucket Layers_{region}|not an S3 bucket name: Layers_eu-west-1
--dry-run --regions eu-west-1 --s3-bucket layers --s3-prefix /o2/|--s3-prefix may hold only
--dry-run --regions eu-west-1 --s3-bucket layers --s3-prefix a,b|--s3-prefix may hold only
--dry-run --regions eu-west-1 --s3-prefix o2/|--s3-prefix needs --s3-bucket
--dry-run --regions eu-west-1 --s3-bucket|--s3-bucket needs a value
--dry-run --regions eu-west-1 --variant native|unsupported variant native (jvm, javaagent or nodejs)
--dry-run --regions eu-west-1 --variant|--variant needs a value
EOF

start "--help prints the usage"
run --help
assert_eq 0 "$rc" "exit status"
assert_contains "$out" "Usage: layer-build/publish.sh --regions" "stdout"

finish publish-test
