#!/usr/bin/env bash
# Tests layer-build/layer/otel-instrument, the exec wrapper, under every POSIX shell found here
# (dash, bash, sh): what it sets, that it overrides nothing the user set, and that it
# execs the runtime with its arguments intact. Prints "N passed, N failed"; exits 1 on a failure.
set -uo pipefail

wrapper="$(cd "$(dirname "$0")/../layer" && pwd)/otel-instrument"
passed=0
failed=0

check() { # check DESCRIPTION EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL [%s] %s\n  expected: %s\n  actual:   %s\n' "$shell" "$1" "$2" "$3"
  fi
}

lambda_env=(AWS_LAMBDA_FUNCTION_NAME=orders-api AWS_LAMBDA_FUNCTION_VERSION='$LATEST' AWS_REGION=eu-west-1
  'AWS_LAMBDA_LOG_STREAM_NAME=2026/07/28/[$LATEST]0123abcd' AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512 PATH="$PATH")

run() { # run VAR [env assignments...]: the value of VAR as the wrapped command sees it ("<unset>" if unset)
  local var=$1
  shift
  env -i "${lambda_env[@]}" "$@" "$shell" "$wrapper" "$shell" -c "printf '%s' \"\${$var-<unset>}\""
}

shells=()
for candidate in dash bash sh; do
  if command -v "$candidate" >/dev/null 2>&1; then
    shells+=("$candidate")
  fi
done

for shell in "${shells[@]}"; do
  # defaults from Lambda's variables
  check "endpoint" "http://localhost:4318" "$(run OTEL_EXPORTER_OTLP_ENDPOINT)"
  check "protocol" "http/protobuf" "$(run OTEL_EXPORTER_OTLP_PROTOCOL)"
  check "service name is the function name" "orders-api" "$(run OTEL_SERVICE_NAME)"
  check "resource attributes" \
    'cloud.provider=aws,cloud.platform=aws_lambda,cloud.region=eu-west-1,faas.name=orders-api,faas.version=$LATEST,faas.instance=2026/07/28/[$LATEST]0123abcd,faas.max_memory=536870912' \
    "$(run OTEL_RESOURCE_ATTRIBUTES)"
  check "span delay" "100" "$(run OTEL_BSP_SCHEDULE_DELAY)"
  check "log record delay" "100" "$(run OTEL_BLRP_SCHEDULE_DELAY)"
  check "metric interval" "1000" "$(run OTEL_METRIC_EXPORT_INTERVAL)"
  check "port from O2_OTLP_PORT" "http://localhost:4999" "$(run OTEL_EXPORTER_OTLP_ENDPOINT O2_OTLP_PORT=4999)"

  # what the user set wins
  check "user endpoint" "https://collector:4318" \
    "$(run OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_ENDPOINT=https://collector:4318)"
  check "user protocol" "grpc" "$(run OTEL_EXPORTER_OTLP_PROTOCOL OTEL_EXPORTER_OTLP_PROTOCOL=grpc)"
  check "user service name" "checkout" "$(run OTEL_SERVICE_NAME OTEL_SERVICE_NAME=checkout)"
  check "service.name in resource attributes keeps OTEL_SERVICE_NAME unset" "<unset>" \
    "$(run OTEL_SERVICE_NAME OTEL_RESOURCE_ATTRIBUTES=team=a,service.name=billing)"
  check "user attributes kept, their keys not repeated" \
    'deployment.environment=prod, faas.name=mine,cloud.provider=aws,cloud.platform=aws_lambda,cloud.region=eu-west-1,faas.version=$LATEST,faas.instance=2026/07/28/[$LATEST]0123abcd,faas.max_memory=536870912' \
    "$(run OTEL_RESOURCE_ATTRIBUTES 'OTEL_RESOURCE_ATTRIBUTES=deployment.environment=prod, faas.name=mine')"
  check "user span delay" "5000" "$(run OTEL_BSP_SCHEDULE_DELAY OTEL_BSP_SCHEDULE_DELAY=5000)"
  check "an empty value counts as unset" "http/protobuf" "$(run OTEL_EXPORTER_OTLP_PROTOCOL OTEL_EXPORTER_OTLP_PROTOCOL=)"
  check "values are percent-encoded" "faas.name=a%2Cb%20c%3Dd" \
    "$(run OTEL_RESOURCE_ATTRIBUTES 'AWS_LAMBDA_FUNCTION_NAME=a,b c=d' AWS_REGION= AWS_LAMBDA_FUNCTION_VERSION= \
      AWS_LAMBDA_LOG_STREAM_NAME= AWS_LAMBDA_FUNCTION_MEMORY_SIZE= | sed 's/^cloud.provider=aws,cloud.platform=aws_lambda,//')"

  # the Java agent variant: the agent is added to JAVA_TOOL_OPTIONS when the layer ships it
  agent=$(mktemp)
  check "no agent file: JAVA_TOOL_OPTIONS untouched" "<unset>" \
    "$(run JAVA_TOOL_OPTIONS O2_OTEL_JAVAAGENT=/nonexistent/agent.jar)"
  check "agent added" "-javaagent:$agent" "$(run JAVA_TOOL_OPTIONS O2_OTEL_JAVAAGENT="$agent")"
  check "agent appended to the user's options" "-Xmx512m -Dx=1 -javaagent:$agent" \
    "$(run JAVA_TOOL_OPTIONS O2_OTEL_JAVAAGENT="$agent" 'JAVA_TOOL_OPTIONS=-Xmx512m -Dx=1')"
  check "the user's own agent is left alone" "-javaagent:/opt/user-agent.jar" \
    "$(run JAVA_TOOL_OPTIONS O2_OTEL_JAVAAGENT="$agent" JAVA_TOOL_OPTIONS=-javaagent:/opt/user-agent.jar)"
  check "disabled relay: no agent" "<unset>" \
    "$(run JAVA_TOOL_OPTIONS O2_OTEL_JAVAAGENT="$agent" O2_OTLP_ENABLED=false)"
  rm -f "$agent"

  # the Node.js variant: its init module is added to NODE_OPTIONS when the layer ships it
  init=$(mktemp)
  check "no init module: NODE_OPTIONS untouched" "<unset>" \
    "$(run NODE_OPTIONS O2_OTEL_NODEJS=/nonexistent/init.mjs)"
  check "init module imported" "--import $init" "$(run NODE_OPTIONS O2_OTEL_NODEJS="$init")"
  check "init module appended to the user's options" "--max-old-space-size=256 --import $init" \
    "$(run NODE_OPTIONS O2_OTEL_NODEJS="$init" NODE_OPTIONS=--max-old-space-size=256)"
  check "init module not imported twice" "--import=$init --enable-source-maps" \
    "$(run NODE_OPTIONS O2_OTEL_NODEJS="$init" "NODE_OPTIONS=--import=$init --enable-source-maps")"
  check "disabled relay: no init module" "<unset>" \
    "$(run NODE_OPTIONS O2_OTEL_NODEJS="$init" O2_OTLP_ENABLED=false)"
  rm -f "$init"

  # relay turned off: nothing is set
  check "disabled relay: no endpoint" "<unset>" "$(run OTEL_EXPORTER_OTLP_ENDPOINT O2_OTLP_ENABLED=false)"
  check "disabled relay: no attributes" "<unset>" "$(run OTEL_RESOURCE_ATTRIBUTES O2_OTLP_ENABLED=off)"

  # exec: the runtime keeps the wrapper's process and gets its arguments unchanged
  out=$(mktemp)
  env -i "${lambda_env[@]}" "$shell" "$wrapper" "$shell" -c 'printf "%s|%s|%s" "$$" "$1" "$2"' runtime "two words" '$HOME*' >"$out" &
  pid=$!
  wait "$pid"
  check "exec keeps the process and the arguments" "$pid|two words|\$HOME*" "$(cat "$out")"
  rm -f "$out"

  env -i "${lambda_env[@]}" "$shell" "$wrapper" >/dev/null 2>&1
  check "no command is an error" "2" "$?"
  env -i "${lambda_env[@]}" "$shell" "$wrapper" "$shell" -c 'exit 7'
  check "the runtime's exit status is the wrapper's" "7" "$?"
done

check "the wrapper is executable" "yes" "$([[ -x "$wrapper" ]] && echo yes || echo no)"
printf 'otel-instrument (%s): %d passed, %d failed\n' "${shells[*]}" "$passed" "$failed"
((failed == 0))
