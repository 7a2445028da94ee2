#!/usr/bin/env bash
# What the Node.js variant's OpenTelemetry JS costs a Node.js function's cold start: the Node.js
# sample (infra/samples/nodejs, AWS's aws-lambda-ric 3.3.0 on Node.js 22) under the local Lambda,
# started through /opt/otel-instrument, in fresh sandboxes alternating between the plain layer
# (target/layer/x86_64: the wrapper finds no OpenTelemetry JS) and the Node.js variant
# (target/layer/x86_64-nodejs), N of each, same run. Prints per sandbox and as medians: the
# platform's init duration (the Init phase until the runtime's first next, what Lambda reports as
# "Init Duration"), the second (warm) invocation's runtime duration (the handler and the SDK's
# flush at its end) and the sandbox's max memory used; then the ratios. A benchmark, not a test: it asserts nothing, its numbers go to
# docs/benchmarks.md.
#
#   layer-build/nodejs-benchmark.sh [N]     (default 5; needs the layer and its Node.js variant:
#                                            layer-build/build.sh, layer-build/nodejs-variant.sh,
#                                            and infra/samples/nodejs/run.sh --build-only)
set -euo pipefail

runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: layer-build/nodejs-benchmark.sh [N]" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo"
# shellcheck source=layer-build/lib/node22.sh
source layer-build/lib/node22.sh
for dir in target/layer/x86_64 target/layer/x86_64-nodejs; do
  [[ -d $dir ]] || { echo "nodejs-benchmark.sh: no $dir (layer-build/build.sh, layer-build/nodejs-variant.sh)" >&2; exit 2; }
done
node=$(node22 target)
infra/samples/nodejs/run.sh --build-only >/dev/null

metric() { # metric NAME FILE: the last value of the platform metric NAME in the run's output
  sed -n "s/^  $1: [0-9]* points, last \([0-9.]*\) .*/\1/p" "$2" | tail -n 1
}

one() { # one MODE: one fresh sandbox; prints "init warm memory"
  local layer=target/layer/x86_64 init=/nonexistent/init.mjs out
  if [[ $1 == variant ]]; then
    layer=target/layer/x86_64-nodejs
    init="$repo/target/layer/x86_64-nodejs/o2-otel-nodejs/init.mjs"
  fi
  out=$(mktemp)
  infra/samples/nodejs/run.sh --no-build --layer "$layer" --env AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument \
    --env O2_OTEL_NODEJS="$init" --env SAMPLE_NODE="$node" >"$out" 2>&1 || { cat "$out" >&2; rm -f "$out"; return 1; }
  printf '%s %s %s\n' "$(metric aws_lambda_enhanced_init_duration "$out")" \
    "$(metric aws_lambda_enhanced_runtime_duration "$out")" "$(metric aws_lambda_enhanced_max_memory_used "$out")"
  rm -f "$out"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "Node.js $("$node" --version), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $runs sandboxes per mode"
echo "mode     init_ms  warm_runtime_ms  max_memory_MB"
plain=$(mktemp)
variant=$(mktemp)
trap 'rm -f "$plain" "$variant"' EXIT
for ((i = 1; i <= runs; i++)); do
  for mode in plain variant; do
    line=$(one "$mode")
    printf '%-8s %s\n' "$mode" "$line"
    echo "$line" >>"$(if [[ $mode == plain ]]; then echo "$plain"; else echo "$variant"; fi)"
  done
done
echo
echo "medians  init_ms  warm_runtime_ms  max_memory_MB"
for mode in plain variant; do
  file=$plain
  [[ $mode == variant ]] && file=$variant
  printf '%-8s' "$mode"
  for column in 1 2 3; do printf ' %s' "$(cut -d' ' -f"$column" "$file" | median)"; done
  echo
done
printf 'ratio    '
for column in 1 2 3; do
  printf ' %s' "$(awk -v a="$(cut -d' ' -f"$column" "$variant" | median)" -v b="$(cut -d' ' -f"$column" "$plain" | median)" \
    'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')"
done
echo
