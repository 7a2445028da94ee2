#!/usr/bin/env bash
# Tests of layer-build/nodejs-variant.sh against a small fake layer in a temporary target
# directory, with a stub npm first on the PATH that records its calls and "installs" two fake
# packages (with a source map and type declarations the script must leave out); needs bash, zip
# and unzip, no Node.js and no network. That the real packages trace a real handler is
# infra/verify.sh nodejs's job.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="$here/../nodejs-variant.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=layer-build/test/lib/checks.sh
source "$here/lib/checks.sh"
# shellcheck source=layer-build/test/lib/fake-layer.sh
source "$here/lib/fake-layer.sh"

mkdir -p "$tmp/bin"
cat >"$tmp/bin/npm" <<'EOF'
#!/usr/bin/env bash
printf '%s | %s\n' "$*" "$(ls | tr '\n' ' ')" >>"$STUB_NPM_LOG"
[[ -n ${STUB_NPM_FAIL:-} ]] && { echo "npm ERR! network: offline" >&2; exit 1; }
for package in sdk-node instrumentation-aws-lambda; do
  [[ $package == "${STUB_NPM_SKIP:-}" ]] && continue
  mkdir -p "node_modules/@opentelemetry/$package/dist"
  printf '{\n  "name": "@opentelemetry/%s",\n  "version": "9.%s.0",\n  "main": "dist/index.cjs"\n}\n' \
    "$package" "${#package}" >"node_modules/@opentelemetry/$package/package.json"
  echo 'module.exports = {};' >"node_modules/@opentelemetry/$package/dist/index.cjs"
  echo '{}' >"node_modules/@opentelemetry/$package/dist/index.cjs.map"
  echo 'export {};' >"node_modules/@opentelemetry/$package/dist/index.d.cts"
done
echo '{}' >node_modules/.package-lock.json
EOF
chmod +x "$tmp/bin/npm"
export STUB_NPM_LOG="$tmp/npm-calls"
export PATH="$tmp/bin:$PATH"

target="$tmp/target"
make_layer "$target/layer/x86_64"
zip_file="$target/o2-lambda-extension-nodejs-x86_64.zip"
variant="$target/layer/x86_64-nodejs"
sources="$here/../nodejs-otel"

start "builds the variant: the layer's files and /opt/o2-otel-nodejs, zipped"
: >"$STUB_NPM_LOG"
run --target "$target"
assert_eq 0 "$rc" "exit status"$'\n'"$err"
assert_eq "ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --engine-strict=false --loglevel=error | init.mjs package-lock.json package.json " "$(<"$STUB_NPM_LOG")" "npm ci, from the cache first, scripts off, in a copy of layer-build/nodejs-otel"
assert_contains "$err" "x86_64: sdk-node 9.8.0, instrumentation-aws-lambda 9.26.0" "log"
modules="o2-otel-nodejs/node_modules/@opentelemetry"
# the paths in byte order (as build.sh zips them), then directories marked with a "/"
expected=$( (cd "$target/layer/x86_64" && find . -mindepth 1 | sed 's|^\./||'
  printf '%s\n' o2-otel-nodejs o2-otel-nodejs/init.mjs o2-otel-nodejs/package.json o2-otel-nodejs/node_modules \
    o2-otel-nodejs/node_modules/@opentelemetry "$modules/sdk-node" "$modules/sdk-node/package.json" \
    "$modules/sdk-node/dist" "$modules/sdk-node/dist/index.cjs" "$modules/instrumentation-aws-lambda" \
    "$modules/instrumentation-aws-lambda/package.json" "$modules/instrumentation-aws-lambda/dist" \
    "$modules/instrumentation-aws-lambda/dist/index.cjs") | LC_ALL=C sort | while read -r f; do
  if [[ -d $variant/$f ]]; then echo "$f/"; else echo "$f"; fi
done)
assert_eq "$expected" "$(unzip -Z1 "$zip_file")" \
  "zip entries: the layer's and the packages', no source map, type declaration or lockfile, in byte order"
cmp -s "$sources/init.mjs" "$variant/o2-otel-nodejs/init.mjs" || fail "init.mjs in the variant differs from layer-build/nodejs-otel's"
unzip -p "$zip_file" o2-otel-nodejs/package.json | cmp -s "$sources/package.json" - ||
  fail "package.json in the zip differs from layer-build/nodejs-otel's"
assert_eq "version=0.1.0
architecture=x86_64
otel-nodejs=sdk-node 9.8.0, instrumentation-aws-lambda 9.26.0" \
  "$(unzip -p "$zip_file" o2-lambda-extension/layer.properties)" "layer.properties names the packages' versions"
assert_eq "version=0.1.0
architecture=x86_64" "$(<"$target/layer/x86_64/o2-lambda-extension/layer.properties")" "the layer's own layer.properties"
assert_eq "" "$(mtimes_other_than "$epoch" "$variant")" "mtimes in the variant directory"
assert_eq "" "$(mtimes_other_than "$epoch" "$target/layer/x86_64")" "the layer's own mtimes untouched"
[[ ! -e $variant.partial ]] || fail "the partial directory is left behind"

start "unzipped in another time zone, every file has the layer's mtime and its mode"
rm -rf "$tmp/unzipped"
TZ=LINT-14 unzip -q "$zip_file" -d "$tmp/unzipped" || fail "unzip"
assert_eq "" "$(mtimes_other_than "$epoch" "$tmp/unzipped")" "files without mtime $epoch after unzip in UTC+14"
assert_eq 755 "$(stat -c %a "$tmp/unzipped/extensions/o2-lambda-extension")" "the launcher's mode"
assert_eq 644 "$(stat -c %a "$tmp/unzipped/o2-otel-nodejs/init.mjs")" "init.mjs's mode"
assert_eq 755 "$(stat -c %a "$tmp/unzipped/o2-otel-nodejs/node_modules")" "a directory's mode"

start "--arch all: npm runs once, both variants are built"
make_layer "$target/layer/arm64"
: >"$STUB_NPM_LOG"
run --target "$target" --arch all
assert_eq 0 "$rc" "exit status"$'\n'"$err"
assert_eq 1 "$(wc -l <"$STUB_NPM_LOG")" "npm calls"
[[ -f $target/o2-lambda-extension-nodejs-arm64.zip && -f $zip_file ]] || fail "a zip is missing"
rm -rf "$target/layer/arm64" "$target/layer/arm64-nodejs" "$target/o2-lambda-extension-nodejs-arm64.zip"

start "npm failing, or not installing a package the variant needs: refused, nothing left"
printf 'stale\n' >"$variant/stale-file"
STUB_NPM_FAIL=1 run --target "$target"
assert_eq 2 "$rc" "exit status (npm fails)"
assert_contains "$err" "npm ERR! network: offline" "npm's output shown"
assert_contains "$err" "npm ci failed" "stderr (npm fails)"
STUB_NPM_SKIP=instrumentation-aws-lambda run --target "$target"
assert_eq 2 "$rc" "exit status (package missing)"
assert_contains "$err" "npm ci did not install @opentelemetry/instrumentation-aws-lambda" "stderr (package missing)"
[[ -f $variant/stale-file ]] || fail "a failed install touched the existing variant"

start "refused with a clear message: a missing layer, an incomplete one, bad arguments"
run --target "$target" --arch arm64
assert_eq 2 "$rc" "exit status (missing)"
assert_contains "$err" "no layer at $target/layer/arm64: build it first (layer-build/build.sh --arch arm64)" "stderr (missing)"
make_layer "$target/layer/arm64"
rm "$target/layer/arm64/o2-lambda-extension/layer.properties"
run --target "$target" --arch arm64
assert_eq 2 "$rc" "exit status (incomplete)"
assert_contains "$err" "the layer at $target/layer/arm64 is incomplete" "stderr (incomplete)"
while IFS='|' read -r args message; do
  read -r -a argv <<<"$args"
  run "${argv[@]}"
  assert_eq 2 "$rc" "exit status for: $args"
  assert_contains "$err" "$message" "stderr for: $args"
done <<EOF
--arch amd64 --target $target|--arch must be x86_64, arm64 or all
--target $tmp/nowhere|no directory $tmp/nowhere
--target|--target needs a value
--bogus|unknown argument: --bogus
EOF
run --help
assert_eq 0 "$rc" "exit status of --help"
assert_contains "$out" "Usage: layer-build/nodejs-variant.sh" "--help"

finish nodejs-variant-test
