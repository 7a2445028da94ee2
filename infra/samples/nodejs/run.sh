#!/usr/bin/env bash
# The Node.js sample: index.mjs, a plain handler (a text line, a JSON line, an uncaught exception
# on the event {"fail": true}), run under the local Lambda by AWS's Node.js runtime interface
# client (npm aws-lambda-ric 3.3.0, started by ./bootstrap) beside our layer's extension.
# The build is `npm ci`: aws-lambda-ric compiles its native part (curl and aws-lambda-cpp) on
# install, which needs cmake, make, g++, autoconf, automake, libtool and python3 (Debian
# packages), about 2 minutes on 2 cores the first time; later runs skip it while
# node_modules matches package-lock.json. aws-lambda-ric 4.x needs Node.js 22; 3.3.0 runs on 20.
# --deploy: runtime nodejs22.x, handler index.handler (Lambda's own runtime client, not this one).
sample_name=nodejs
sample_runtime=nodejs22.x
sample_handler=index.handler
sample_events=('{"orderId":"o-1001","customer":"ada"}' '{"orderId":"o-1002","customer":"grace","fail":true}')
sample_local_env=()
sample_deploy_env=()
# shellcheck source=infra/samples/lib/sample.sh
source "$(dirname "$0")/../lib/sample.sh"

sample_build() {
  local stamp="$sample_dir/node_modules/.o2-installed"
  if [[ -f $stamp && $stamp -nt $sample_dir/package-lock.json && -f $sample_dir/node_modules/aws-lambda-ric/dist/rapid-client.node ]]; then
    return 0
  fi
  local tool missing=()
  for tool in node npm cmake make g++ autoreconf libtoolize automake python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || sample_die "installing aws-lambda-ric needs ${missing[*]} (Debian: apt-get install cmake make g++ autoconf automake libtool python3)"
  echo "installing aws-lambda-ric (npm ci: compiles curl and aws-lambda-cpp, about 2 minutes the first time)"
  mkdir -p "$sample_dir/target"
  local log="$sample_dir/target/npm-ci.log"
  if ! (cd "$sample_dir" && npm ci --prefer-offline --no-audit --no-fund --foreground-scripts >"$log" 2>&1); then
    tail -n 30 "$log" >&2
    sample_die "npm ci failed; the whole output is in $log"
  fi
  rm -f "$log"
  touch "$stamp"
}

sample_zip() {
  mkdir -p "$sample_dir/target"
  rm -f "$sample_dir/target/function.zip"
  (cd "$sample_dir" && zip -q -X target/function.zip index.mjs package.json)
  echo "$sample_dir/target/function.zip"
}

sample_main "$@"
