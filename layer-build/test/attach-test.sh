#!/usr/bin/env bash
# Tests of layer-build/attach.sh. Never calls AWS: a stub `aws` first on the PATH answers
# get-function-configuration with $STUB_CONFIG (a file) and get-layer-version-by-arn with
# $STUB_ARCHS (JSON), records every call (arguments NUL-separated, one call per line) and keeps
# the environment file that update-function-configuration was given.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
attach="$here/../attach.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=layer-build/test/lib/checks.sh
source "$here/lib/checks.sh"

mkdir -p "$tmp/bin"
cat >"$tmp/bin/aws" <<'EOF'
#!/usr/bin/env bash
printf '%s\0' "$@" >>"$STUB_LOG"
printf '\n' >>"$STUB_LOG"
case $2 in
  get-function-configuration) cat "$STUB_CONFIG" ;;
  get-layer-version-by-arn) printf '%s\n' "${STUB_ARCHS:-[\"x86_64\"]}" ;;
  update-function-configuration)
    for ((i = 1; i <= $#; i++)); do
      if [[ ${!i} == --environment ]]; then j=$((i + 1)); cp "${!j#file://}" "$STUB_ENV"; fi
    done
    echo InProgress
    ;;
esac
EOF
chmod +x "$tmp/bin/aws"
export STUB_LOG="$tmp/aws-calls" STUB_CONFIG="$tmp/config.json" STUB_ENV="$tmp/env.json"

run() { # run ARGS...: sets out, err, rc
  : >"$STUB_LOG"
  rm -f "$STUB_ENV"
  set +e
  PATH="$tmp/bin:$PATH" "$attach" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  set -e
  out=$(<"$tmp/out")
  err=$(<"$tmp/err")
}

call() { # call N: the Nth recorded call, arguments separated by spaces
  sed -n "${1}p" "$STUB_LOG" | tr '\0' ' ' | sed 's/ $//'
}

account=123456789012
other_a="arn:aws:lambda:eu-west-1:$account:layer:company-secrets:3"
other_b="arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:52"
old_ours="arn:aws:lambda:eu-west-1:$account:layer:o2-lambda-extension-x86_64:4"
new_ours="arn:aws:lambda:eu-west-1:$account:layer:o2-lambda-extension-x86_64:5"
config() { # config ARCH RUNTIME LAYERS_JSON VARIABLES_JSON
  printf '{"FunctionName":"orders","Runtime":"%s","Architectures":["%s"],"RevisionId":"rev-1","Layers":%s,"Environment":{"Variables":%s}}\n' \
    "$2" "$1" "$3" "$4" >"$STUB_CONFIG"
}

start "attach keeps the other layers in order, replaces our older version in place and merges O2_* variables"
config x86_64 python3.13 "[{\"Arn\":\"$other_a\"},{\"Arn\":\"$old_ours\"},{\"Arn\":\"$other_b\"}]" \
  '{"DB_URL":"postgres://db/orders","O2_STREAM":"old","O2_FLUSH_BUDGET_MS":"1500"}'
O2_AUTHORIZATION_HEADER='Basic c2VjcmV0' run --function orders --region eu-west-1 --layer-arn "$new_ours" \
  --env O2_ORGANIZATION_ID=team --env O2_STREAM=orders --authorization-from-env
assert_eq 0 "$rc" "exit status: $err"
assert_eq "lambda get-function-configuration --function-name orders --region eu-west-1 --output json" "$(call 1)" "read call"
assert_eq "lambda get-layer-version-by-arn --arn $new_ours --region eu-west-1 --query CompatibleArchitectures --output json" "$(call 2)" "layer call"
update=$(call 3)
assert_contains "$update" "lambda update-function-configuration --function-name orders --region eu-west-1 --revision-id rev-1 --layers $other_a $new_ours $other_b --environment file://" "update call"
assert_eq "lambda wait function-updated --function-name orders --region eu-west-1" "$(call 4)" "wait call"
assert_eq '{"DB_URL":"postgres://db/orders","O2_AUTHORIZATION_HEADER":"Basic c2VjcmV0","O2_FLUSH_BUDGET_MS":"1500","O2_ORGANIZATION_ID":"team","O2_STREAM":"orders"}' \
  "$(jq -cS '.Variables' "$STUB_ENV")" "environment sent"
assert_contains "$out" "orders: InProgress, layers: $other_a $new_ours $other_b" "stdout"
[[ $out$err != *c2VjcmV0* ]] || fail "the header was printed"

start "attach appends our layer to a function without one, and gives variables to a function without any"
printf '{"FunctionName":"bare","Runtime":"provided.al2023","RevisionId":"rev-9"}\n' >"$STUB_CONFIG"
run --function bare --layer-arn "$new_ours" --env O2_ORGANIZATION_ID=default
assert_eq 0 "$rc" "exit status: $err"
assert_contains "$(call 3)" "--revision-id rev-9 --layers $new_ours --environment" "update call (default architecture x86_64)"
assert_eq '{"Variables":{"O2_ORGANIZATION_ID":"default"}}' "$(jq -c . "$STUB_ENV")" "environment sent"

start "another variant of ours (the JVM layer) is replaced too, not added beside it"
config x86_64 java17 "[{\"Arn\":\"$old_ours\"},{\"Arn\":\"$other_a\"}]" '{}'
jvm="arn:aws:lambda:eu-west-1:$account:layer:o2-lambda-extension-jvm-x86_64:1"
run --function orders --layer-arn "$jvm"
assert_eq 0 "$rc" "exit status: $err"
assert_contains "$(call 3)" "--layers $jvm $other_a --environment" "update call"

start "--dry-run reads the function, prints the exact update call and the variables, and changes nothing"
config x86_64 nodejs22.x "[{\"Arn\":\"$other_a\"}]" '{"API_KEY":"do-not-print","O2_STREAM":"kept"}'
O2_AUTHORIZATION_HEADER='Basic c2VjcmV0' run --dry-run --function orders --layer-arn "$new_ours" \
  --env 'O2_ENDPOINT=https://o2.example.com' --authorization-from-env
assert_eq 0 "$rc" "exit status: $err"
assert_eq 2 "$(wc -l <"$STUB_LOG" | tr -d ' ')" "calls (the two reads only)"
assert_contains "$out" "aws lambda update-function-configuration --function-name orders --revision-id rev-1 --layers $other_a $new_ours --environment file://" "printed call"
assert_contains "$out" "#   API_KEY=<kept>" "kept variable, value hidden"
assert_contains "$out" "#   O2_STREAM=<kept>" "kept O2 variable"
assert_contains "$out" "#   O2_ENDPOINT=https://o2.example.com" "set variable"
assert_contains "$out" "#   O2_AUTHORIZATION_HEADER=<hidden>" "header hidden"
[[ $out$err != *c2VjcmV0* && $out$err != *do-not-print* ]] || fail "a secret was printed: $out"

start "an arm64 function and an x86_64 layer are refused before any change"
config arm64 python3.13 '[]' '{}'
run --function orders --layer-arn "$new_ours"
assert_eq 2 "$rc" "exit status"
assert_contains "$err" "orders runs on arm64, but $new_ours is for x86_64: publish and attach the arm64 layer (publish.sh --arch arm64)" "stderr"
assert_eq 0 "$(grep -c update-function-configuration "$STUB_LOG" || true)" "update calls"
STUB_ARCHS='["arm64"]' run --function orders --layer-arn "arn:aws:lambda:eu-west-1:$account:layer:o2-lambda-extension-arm64:2"
assert_eq 0 "$rc" "exit status with the arm64 layer: $err"

start "the native layer is refused on an Amazon Linux 2 runtime, the JVM variant is not"
config x86_64 python3.11 '[]' '{}'
run --function orders --layer-arn "$new_ours"
assert_eq 2 "$rc" "exit status"
assert_contains "$err" "runtime python3.11 runs on Amazon Linux 2, where the native layer does not start: publish.sh --variant jvm" "stderr"
run --function orders --layer-arn "$jvm"
assert_eq 0 "$rc" "exit status with the JVM layer: $err"

start "--remove takes out every version of ours and the O2_* variables, and keeps the rest"
config x86_64 python3.13 "[{\"Arn\":\"$other_a\"},{\"Arn\":\"$old_ours\"}]" \
  '{"DB_URL":"x","O2_STREAM":"s","O2_AUTHORIZATION_HEADER":"Basic x","AWS_LAMBDA_EXEC_WRAPPER":"/opt/otel-instrument"}'
run --function orders --remove
assert_eq 0 "$rc" "exit status: $err"
assert_eq 3 "$(wc -l <"$STUB_LOG" | tr -d ' ')" "calls (read, update, wait; no layer read)"
assert_contains "$(call 2)" "--revision-id rev-1 --layers $other_a --environment" "update call"
assert_eq '{"Variables":{"DB_URL":"x"}}' "$(jq -c . "$STUB_ENV")" "environment sent"
config x86_64 python3.13 "[{\"Arn\":\"$old_ours\"}]" '{"AWS_LAMBDA_EXEC_WRAPPER":"/opt/their-wrapper"}'
run --function orders --remove
assert_contains "$(call 2)" "--layers [] --environment" "update call removing the only layer"
assert_eq '{"Variables":{"AWS_LAMBDA_EXEC_WRAPPER":"/opt/their-wrapper"}}' "$(jq -c . "$STUB_ENV")" "another wrapper kept"

start "more than five layers are refused"
layers=$(for n in 1 2 3 4 5; do printf '{"Arn":"arn:aws:lambda:eu-west-1:%s:layer:l%s:1"}\n' "$account" "$n"; done | jq -sc .)
config x86_64 python3.13 "$layers" '{}'
run --function orders --layer-arn "$new_ours"
assert_eq 2 "$rc" "exit status"
assert_contains "$err" "orders would have 6 layers, over Lambda's 5" "stderr"

start "bad arguments are refused with exit status 2 and a message, before any call"
config x86_64 python3.13 '[]' '{}'
while IFS='|' read -r args message; do
  read -r -a argv <<<"$args"
  run "${argv[@]}"
  assert_eq 2 "$rc" "exit status for: $args"
  assert_contains "$err" "$message" "stderr for: $args"
  assert_eq "" "$(<"$STUB_LOG")" "calls for: $args"
done <<EOF
--layer-arn $new_ours|--function is required
--function f|--layer-arn is required
--function f --layer-arn arn:aws:lambda:eu-west-1:1:layer:x|not a layer version ARN
--function f --layer-arn $new_ours --env DB_URL=x|--env sets only O2_* variables
--function f --layer-arn $new_ours --env O2_STREAM|--env takes KEY=VALUE
--function f --layer-arn $new_ours --env O2_AUTHORIZATION_HEADER=Basic|does not go on a command line
--function f --layer-arn $new_ours --authorization-from-env|O2_AUTHORIZATION_HEADER is not set
--function f --remove --layer-arn $new_ours|--remove takes no --layer-arn
--function f --layer-arn $new_ours --region Europe|not an AWS region: Europe
--function f --bogus|unknown option --bogus
EOF

finish attach-test
