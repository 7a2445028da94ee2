#!/usr/bin/env bash
# Builds the Node.js variant of the layer from a layer that build.sh made: per architecture,
# target/layer/<arch>-nodejs/ (what lands in /opt) and target/o2-lambda-extension-nodejs-<arch>.zip,
# a copy of target/layer/<arch>/ with /opt/o2-otel-nodejs/: the OpenTelemetry JS SDK and its
# Lambda, http and undici instrumentations (npm, the exact versions of
# layer-build/nodejs-otel/package-lock.json) and init.mjs, which /opt/otel-instrument then adds to
# a Node.js function's NODE_OPTIONS (--import). See docs/opentelemetry.md.
#
# The packages are installed with `npm ci` (from npm's cache first), scripts off, and are the same
# for both architectures (plain JavaScript: no native module). Type declarations and source maps
# are left out. The rest is as for the Java agent variant: build_variant in
# layer-build/lib/layer-zip.sh copies the layer, stamps it and zips it the way build.sh does.
set -euo pipefail

readonly MODULES_DIR=o2-otel-nodejs
readonly MAX_UNZIPPED_BYTES=$((250 * 1024 * 1024)) # Lambda's limit for a function and its layers

usage() {
  cat <<EOF
Usage: layer-build/nodejs-variant.sh [--arch x86_64|arm64|all] [options]

Needs the layer built first (layer-build/build.sh): reads target/layer/<arch>/, writes
target/layer/<arch>-nodejs/ and target/o2-lambda-extension-nodejs-<arch>.zip. Needs npm (the
packages come from npm's cache when they are there).

  --arch ARCH           x86_64 (default), arm64 or all
  --target DIR          read the layer from DIR/layer/<arch>/ and write the variant and its zip
                        in DIR instead of the repository's target/
  -h, --help            this text
EOF
}

die() {
  printf 'nodejs-variant.sh: %s\n' "$*" >&2
  exit 2
}

log() {
  printf '[nodejs-variant] %s\n' "$*" >&2
}

repo=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=layer-build/lib/layer-zip.sh
source "$repo/layer-build/lib/layer-zip.sh"
sources="$repo/layer-build/nodejs-otel"
target="$repo/target"
arch_arg=x86_64

while (($#)); do
  case $1 in
    --arch | --target)
      if (($# < 2)) || [[ -z $2 || $2 == --* ]]; then die "$1 needs a value"; fi
      case $1 in
        --arch) arch_arg=$2 ;;
        --target) target=$2 ;;
      esac
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

arch_list=$(layer_archs "$arch_arg") || die "--arch must be x86_64, arm64 or all"
read -r -a archs <<<"$arch_list"
[[ -d $target ]] || die "no directory $target"
target=$(cd "$target" && pwd -P) # zip_layer wants an absolute path
command -v npm >/dev/null 2>&1 || die "npm is needed to install the OpenTelemetry packages"

# Every layer is checked before anything is written
for arch in "${archs[@]}"; do
  problem=$(check_built_layer "$target/layer/$arch" "$arch") || die "$problem"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Installed once, for every architecture
modules="$work/$MODULES_DIR"
mkdir -p "$modules"
cp "$sources/package.json" "$sources/package-lock.json" "$sources/init.mjs" "$modules/"
log "installing the OpenTelemetry packages of layer-build/nodejs-otel/package-lock.json (npm ci)"
# The packages need Node.js 22.15 (Lambda's nodejs22.x and later); the npm here may run on an
# older Node.js, which only installs them.
if ! (cd "$modules" && npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund \
  --engine-strict=false --loglevel=error >"$work/npm.log" 2>&1); then
  tail -n 20 "$work/npm.log" >&2
  die "npm ci failed (the OpenTelemetry packages of layer-build/nodejs-otel)"
fi
for package in sdk-node instrumentation-aws-lambda; do
  [[ -f $modules/node_modules/@opentelemetry/$package/package.json ]] ||
    die "npm ci did not install @opentelemetry/$package"
done
find "$modules/node_modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete
rm -f "$modules/package-lock.json" "$modules/node_modules/.package-lock.json"
find "$modules" -type d -exec chmod 755 {} +
find "$modules" -type f -exec chmod 644 {} +
version() { # version PACKAGE: the installed version of @opentelemetry/PACKAGE
  sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$modules/node_modules/@opentelemetry/$1/package.json" | head -n 1
}
versions="sdk-node $(version sdk-node), instrumentation-aws-lambda $(version instrumentation-aws-lambda)"

add_modules() { # add_modules DIR: /opt/o2-otel-nodejs in the variant
  cp -R "$modules" "$1/$MODULES_DIR"
}

for arch in "${archs[@]}"; do
  variant="$target/layer/$arch-nodejs"
  zip_file="$target/o2-lambda-extension-nodejs-$arch.zip"
  build_variant "$target/layer/$arch" "$variant" "$zip_file" "otel-nodejs=$versions" add_modules
  unzipped=$(du -sb "$variant" | cut -f1)
  log "$arch: $versions; $unzipped bytes unpacked, $(stat -c %s "$zip_file") bytes zipped: $zip_file"
  ((unzipped <= MAX_UNZIPPED_BYTES)) ||
    log "$arch: warning: over Lambda's 250 MB for a function and all its layers unzipped"
done
