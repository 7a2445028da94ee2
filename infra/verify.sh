#!/usr/bin/env bash
# Runs every check of infra/ and layer-build/publish.sh that works without AWS and Docker:
#   cdk        the CDK constructs' tests and the fake OpenObserve's stubs (Maven, Java 17, Node)
#   compose    the offline check of infra/local/docker-compose.yml and its tests (Node)
#   dashboard  infra/openobserve/lambda.dashboard.json against OpenObserve's dashboard schema, and its tests (Node)
#   sam        infra/sam/template.yaml against the CloudFormation specification, and its tests (Node, npm)
#   terraform  terraform fmt, and the module's variables and environment tested offline (Terraform); jq
#   publish    layer-build/publish.sh's tests (bash; never calls AWS)
#   attach     layer-build/attach.sh's tests (bash, jq; never calls AWS)
#   javaagent  layer-build/javaagent-variant.sh's tests on a fake layer (bash, zip, unzip)
#   nodejs     layer-build/nodejs-variant.sh's tests on a fake layer, then the real Node.js variant
#              built from target/layer/x86_64 and the Node.js sample run through /opt/otel-instrument
#              on Node.js 22 (layer-build/lib/node22.sh), its handler's spans checked in the fake
#              OpenObserve (needs the built layer and the sample's aws-lambda-ric, as samples; npm)
#   samples    infra/samples: the run.sh tests (--deploy --dry-run, stub tools), then each sample
#              under the local Lambda with the built layer (needs target/layer/x86_64 and the test
#              class path: mvn -B verify first, as CI does; Maven, npm, python3)
#   scripts    shellcheck on the shell scripts, when shellcheck is installed
# Usage: infra/verify.sh [step...]   (default: all). Exits non-zero if any step fails.
# shellcheck disable=SC2317 # the step_* functions are called as "step_$step"
set -uo pipefail

readonly SKIPPED=200 # a step's status when its tool is missing

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

step_cdk() {
  # Maven 3.8 prints colour resets even in batch mode; they are dropped, its status kept.
  mvn -B -q -f infra/cdk/pom.xml verify 2>&1 | sed 's/\x1b\[0m//g'
}

step_compose() {
  local out
  out=$(node --test --test-reporter=spec infra/local/check-compose.test.mjs 2>&1) || { printf '%s\n' "$out"; return 1; }
  echo "check-compose tests: $(grep -E '^. pass [0-9]+$' <<<"$out" | grep -Eo '[0-9]+') passed"
  node infra/local/check-compose.mjs
}

step_dashboard() {
  local out
  out=$(node --test --test-reporter=spec infra/openobserve/check-dashboard.test.mjs 2>&1) || { printf '%s\n' "$out"; return 1; }
  echo "check-dashboard tests: $(grep -E '^. pass [0-9]+$' <<<"$out" | grep -Eo '[0-9]+') passed"
  node infra/openobserve/check-dashboard.mjs
}

step_sam() {
  local out
  # its two packages (the CloudFormation specification and a YAML parser), from npm's cache when there
  npm ci --prefix infra/sam --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null || return 1
  out=$(node --test --test-reporter=spec infra/sam/check-template.test.mjs 2>&1) || { printf '%s\n' "$out"; return 1; }
  echo "check-template tests: $(grep -E '^. pass [0-9]+$' <<<"$out" | grep -Eo '[0-9]+') passed"
  node infra/sam/check-template.mjs
}

step_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    echo "SKIPPED: terraform is not installed (CI has it)"
    return "$SKIPPED"
  fi
  # A CLI configuration variable that names a missing file only adds a warning to every command.
  if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -e $TF_CLI_CONFIG_FILE ]]; then
    unset TF_CLI_CONFIG_FILE
  fi
  terraform fmt -check -recursive infra/terraform || { echo "terraform fmt: the files above need formatting"; return 1; }
  infra/terraform/offline-test/run.sh
}

step_publish() {
  layer-build/test/publish-test.sh
}

step_attach() {
  layer-build/test/attach-test.sh
}

step_javaagent() {
  layer-build/test/javaagent-variant-test.sh
}

step_nodejs() {
  layer-build/test/nodejs-variant-test.sh || return 1
  if [[ ! -x target/layer/x86_64/extensions/o2-lambda-extension && ${CI:-} != true ]]; then
    echo "SKIPPED the traced run: no layer in target/layer/x86_64 (mvn -B verify builds it; CI fails here instead)"
    return "$SKIPPED"
  fi
  local node out spans
  # shellcheck source=layer-build/lib/node22.sh
  source layer-build/lib/node22.sh
  node=$(node22 target) || return 1
  layer-build/nodejs-variant.sh || return 1
  infra/samples/nodejs/run.sh --build-only || return 1
  # no code change: the plain sample handler, the variant's /opt/otel-instrument as Lambda starts it
  # (O2_OTEL_NODEJS: the layer is not at /opt here). OTEL_LOG_LEVEL=warn: the SDK logs nothing
  # without it, so a failed or late export would leave no trace in the function's output.
  out=$(infra/samples/nodejs/run.sh --no-build --layer target/layer/x86_64-nodejs \
    --env AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument --env OTEL_LOG_LEVEL=warn \
    --env O2_OTEL_NODEJS="$PWD/target/layer/x86_64-nodejs/o2-otel-nodejs/init.mjs" --env SAMPLE_NODE="$node" 2>&1) ||
    { printf '%s\n' "$out"; return 1; }
  grep -E '^(init:|invocation |traces:|  [^ {].*: .*, trace |result:)' <<<"$out"
  # a span per invocation, named after the function, the failing one with status ERROR
  spans=$(grep -E '^  o2-sim-function: o2-sim-function, trace [0-9a-f]{32}, ' <<<"$out" | sort -u)
  if ! grep -q 'status ERROR$' <<<"$spans" || ! grep -qv 'status ERROR$' <<<"$spans"; then
    # the whole run (the function's own output carries the OpenTelemetry SDK's export errors)
    printf '%s\n' "$out"
    echo "nodejs: not a span per invocation of the handler (one of them ERROR) in the fake OpenObserve"
    return 1
  fi
}

step_samples() {
  infra/samples/test/samples-test.sh || return 1
  local sample status=0 out
  if [[ ! -x target/layer/x86_64/extensions/o2-lambda-extension && ${CI:-} != true ]]; then
    echo "SKIPPED the local runs: no layer in target/layer/x86_64 (mvn -B verify builds it; CI fails here instead)"
    return "$SKIPPED"
  fi
  for sample in java nodejs python; do
    # --no-build: the layer and the simulator are what mvn -B verify just built and tested
    out=$("infra/samples/$sample/run.sh" --no-build 2>&1) || { printf '%s\n' "$out"; status=1; continue; }
    # the summary without the stored records' full lines and the metrics' list
    grep -E '^(==|init:|invocation |function lines:|traces:|  [^ {].*: .*, trace |extension delivery|result:)' <<<"$out"
  done
  return "$status"
}

step_scripts() {
  if ! command -v shellcheck >/dev/null 2>&1; then
    echo "SKIPPED: shellcheck is not installed"
    return "$SKIPPED"
  fi
  # -x: build.sh, javaagent-variant.sh and publish.sh source layer-build/lib/layer-zip.sh, the tests
  # layer-build/test/lib/checks.sh
  shellcheck -x infra/verify.sh infra/terraform/offline-test/run.sh layer-build/local/sample-function/bootstrap \
    layer-build/run-local.sh layer-build/publish.sh layer-build/test/publish-test.sh \
    layer-build/attach.sh layer-build/test/attach-test.sh layer-build/build.sh \
    layer-build/lib/layer-zip.sh layer-build/lib/aws-calls.sh layer-build/javaagent-variant.sh layer-build/test/javaagent-variant-test.sh \
    layer-build/nodejs-variant.sh layer-build/test/nodejs-variant-test.sh layer-build/test/lib/fake-layer.sh \
    layer-build/lib/node22.sh layer-build/nodejs-benchmark.sh \
    layer-build/test/lib/checks.sh layer-build/benchmark.sh layer-build/layer/extensions/o2-lambda-extension \
    layer-build/layer/o2-lambda-extension/register layer-build/native/build-image.sh \
    infra/samples/lib/sample.sh infra/samples/test/samples-test.sh infra/samples/java/run.sh \
    infra/samples/java/bootstrap infra/samples/nodejs/run.sh infra/samples/nodejs/bootstrap \
    infra/samples/python/run.sh infra/samples/python/bootstrap
}

all_steps=(cdk compose dashboard sam terraform publish attach javaagent nodejs samples scripts)
steps=("$@")
((${#steps[@]} > 0)) || steps=("${all_steps[@]}")
for step in "${steps[@]}"; do
  [[ " ${all_steps[*]} " == *" $step "* ]] || { echo "verify.sh: unknown step $step (${all_steps[*]})" >&2; exit 2; }
done

summary=()
failed=0
started=$SECONDS
for step in "${steps[@]}"; do
  echo "== $step"
  step_start=$SECONDS
  "step_$step"
  status=$?
  seconds=$((SECONDS - step_start))
  case $status in
    0) summary+=("$(printf '%-10s ok       %4ss' "$step" "$seconds")") ;;
    "$SKIPPED") summary+=("$(printf '%-10s skipped  %4ss' "$step" "$seconds")") ;;
    *) summary+=("$(printf '%-10s FAILED   %4ss' "$step" "$seconds")") && failed=1 ;;
  esac
done

echo
echo "== summary ($((SECONDS - started))s)"
printf '%s\n' "${summary[@]}"
exit "$failed"
