#!/usr/bin/env bash
# Tests of the samples' run.sh that need no AWS account, no layer and no build: --deploy --dry-run
# prints the exact deploy through infra/sam/template.yaml; --deploy runs those same commands (here
# against stub sam, aws and jq that record their calls); --deploy without the tools refuses
# clearly. Run by infra/verify.sh (step samples) before the samples' local runs.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../../.." && pwd -P)
# shellcheck source=layer-build/test/lib/checks.sh
source "$repo/layer-build/test/lib/checks.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

query="--query \"Stacks[0].Outputs[?OutputKey=='%s'].OutputValue\" --output text"

expected_commands() { # expected_commands NAME RUNTIME HANDLER PAYLOAD [ATTACH_ENV]
  local stack="o2-sample-$1"
  echo "sam deploy --template-file infra/sam/template.yaml --stack-name $stack --resolve-s3 --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides Organization=default"
  # shellcheck disable=SC2059 # the format is ours
  printf "function=\$(aws cloudformation describe-stacks --stack-name $stack $query)\n" FunctionName
  # shellcheck disable=SC2059
  printf "layer=\$(aws cloudformation describe-stacks --stack-name $stack $query)\n" LayerVersionArn
  echo "aws lambda update-function-configuration --function-name \"\$function\" --runtime $2 --handler $3"
  echo "aws lambda wait function-updated --function-name \"\$function\""
  echo "aws lambda update-function-code --function-name \"\$function\" --zip-file fileb://infra/samples/$1/target/function.zip"
  echo "aws lambda wait function-updated --function-name \"\$function\""
  [[ -n ${5:-} ]] && echo "layer-build/attach.sh --function \"\$function\" --layer-arn \"\$layer\" --env $5"
  echo "aws lambda invoke --function-name \"\$function\" --cli-binary-format raw-in-base64-out --payload '$4' /dev/stdout"
}

check_dry_run() { # check_dry_run NAME RUNTIME HANDLER PAYLOAD [ATTACH_ENV]
  start "$1: --deploy --dry-run prints the exact commands"
  local out status
  out=$("$repo/infra/samples/$1/run.sh" --deploy --dry-run 2>&1)
  status=$?
  assert_eq 0 "$status" "exit status"
  assert_eq "$(expected_commands "$@")" "$(grep -v '^#' <<<"$out")" "the commands"
  assert_contains "$out" "# remove it again: aws cloudformation delete-stack --stack-name o2-sample-$1" "how to remove it"
}

check_dry_run java java21 dev.o2ext.samples.OrderHandler::handleRequest '{"orderId":"o-3001","customer":"ada"}' \
  AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument
check_dry_run nodejs nodejs22.x index.handler '{"orderId":"o-1001","customer":"ada"}'
check_dry_run python python3.13 handler.handler '{"orderId":"o-2001","customer":"ada"}'

start "--deploy --dry-run takes the stack name, organization and endpoint"
out=$("$repo/infra/samples/python/run.sh" --deploy --dry-run --stack-name mine --organization acme \
  --endpoint https://o2.example.com 2>&1)
assert_contains "$out" "--stack-name mine --resolve-s3 --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides Organization=acme Endpoint=https://o2.example.com" "sam deploy"
assert_contains "$out" "describe-stacks --stack-name mine " "the outputs of that stack"

start "--dry-run without --deploy is refused"
out=$("$repo/infra/samples/python/run.sh" --dry-run 2>&1)
assert_eq 2 "$?" "exit status"
assert_contains "$out" "--dry-run goes with --deploy" "the reason"

start "--deploy without sam, aws or jq refuses and names the dry run"
mkdir -p "$tmp/bare"
ln -s "$(command -v dirname)" "$tmp/bare/dirname"
out=$(PATH="$tmp/bare" "$BASH" "$repo/infra/samples/python/run.sh" --deploy 2>&1)
assert_eq 2 "$?" "exit status"
assert_contains "$out" "python/run.sh: --deploy needs sam (not installed); --deploy --dry-run prints the commands" "the reason"

start "--deploy runs the dry run's commands (stub sam, aws and jq)"
mkdir -p "$tmp/stubs"
cat >"$tmp/stubs/sam" <<'STUB'
#!/usr/bin/env bash
printf 'sam %s\n' "$*" >>"$STUB_LOG"
STUB
cat >"$tmp/stubs/aws" <<'STUB'
#!/usr/bin/env bash
printf 'aws %s\n' "$*" >>"$STUB_LOG"
case "$*" in
  *"OutputKey=='FunctionName'"*) echo o2-sample-python-ExampleFunction-1 ;;
  *"OutputKey=='LayerVersionArn'"*) echo arn:aws:lambda:eu-west-1:123456789012:layer:o2-lambda-extension-x86_64:3 ;;
  "lambda invoke"*) echo '{"ok": true}' ;;
esac
STUB
printf '#!/bin/sh\nexit 0\n' >"$tmp/stubs/jq"
chmod +x "$tmp/stubs/"*
out=$(STUB_LOG="$tmp/calls" PATH="$tmp/stubs:$PATH" "$repo/infra/samples/python/run.sh" --deploy 2>&1)
assert_eq 0 "$?" "exit status: $out"
expected="sam deploy --template-file infra/sam/template.yaml --stack-name o2-sample-python --resolve-s3 --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides Organization=default
aws cloudformation describe-stacks --stack-name o2-sample-python --query Stacks[0].Outputs[?OutputKey=='FunctionName'].OutputValue --output text
aws cloudformation describe-stacks --stack-name o2-sample-python --query Stacks[0].Outputs[?OutputKey=='LayerVersionArn'].OutputValue --output text
aws lambda update-function-configuration --function-name o2-sample-python-ExampleFunction-1 --runtime python3.13 --handler handler.handler
aws lambda wait function-updated --function-name o2-sample-python-ExampleFunction-1
aws lambda update-function-code --function-name o2-sample-python-ExampleFunction-1 --zip-file fileb://infra/samples/python/target/function.zip
aws lambda wait function-updated --function-name o2-sample-python-ExampleFunction-1
aws lambda invoke --function-name o2-sample-python-ExampleFunction-1 --cli-binary-format raw-in-base64-out --payload {\"orderId\":\"o-2001\",\"customer\":\"ada\"} /dev/stdout"
assert_eq "$expected" "$(cat "$tmp/calls" 2>/dev/null)" "the calls made"
assert_contains "$out" '{"ok": true}' "the invocation's answer"
assert_eq "handler.py" "$(unzip -Z1 "$repo/infra/samples/python/target/function.zip" 2>&1)" "the zip holds the handler"

finish samples-test.sh
