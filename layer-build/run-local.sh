#!/usr/bin/env bash
# The README's "run it locally": a Lambda on this machine, no Docker, no AWS account. The
# project's platform simulator (dev.o2ext.sim.LocalLambda, one of the tools in src/tools/java) starts the built
# layer's extension as Lambda does, a sample function (layer-build/local/sample-function/bootstrap,
# a shell custom runtime), invokes it three times with freezes in between, shuts down and prints a
# summary. The data goes to the project's fake OpenObserve, or to yours when O2_ENDPOINT (and
# O2_ORGANIZATION_ID, O2_AUTHORIZATION_HEADER) are set in the environment.
#
#   layer-build/run-local.sh [--rebuild | --no-build] [LocalLambda arguments...]
#
# Builds what is missing or older than the sources first (mvn -q -B -Dmaven.test.skip package: the
# jar, the tools, their class path and the layer in target/layer/x86_64); when everything is
# built, no Maven runs. --rebuild always builds; --no-build never does (the end-to-end test runs it
# so, right after the build). Other arguments go to LocalLambda (--help lists them), e.g.
# --invocations 5, --event '{"k":1}', --function "<command>", --env O2_STREAM=local.
set -euo pipefail

caller_dir=$PWD
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo"
target="$repo/target"
layer="$target/layer/x86_64"
classpath_file="$target/tools-classpath.txt"

die() {
  printf 'run-local.sh: %s\n' "$*" >&2
  exit 2
}

# A path the user gives is taken from where the user stands, not from the repository this script
# runs in: for --layer DIR, and for the program (the first word) of --function and --extension.
from_caller() { # from_caller WORD: WORD made absolute against the caller's directory when it is a relative path
  if [[ $1 == */* && $1 != /* ]]; then
    printf '%s/%s' "$caller_dir" "$1"
  else
    printf '%s' "$1"
  fi
}

rebuild=false
build=true
help=false
args=()
previous=""
for arg in "$@"; do
  case $previous in
    --layer) arg=$(from_caller "$arg") ;;
    --function | --extension)
      read -r first rest <<<"$arg"
      arg="$(from_caller "$first")${rest:+ $rest}"
      ;;
  esac
  previous=$arg
  case $arg in
    --rebuild) rebuild=true ;;
    --no-build) build=false ;;
    -h | --help) help=true ;;
    *) args+=("$arg") ;;
  esac
done

# The JDK 25 the layer build uses (layer-build/build.sh): JAVA25_HOME, else the first JDK 25 with
# jlink in JAVA_HOME, /usr/lib/jvm, /opt/java or SDKMAN's candidates.
jdk_version() {
  sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$1/release" 2>/dev/null
}
find_jdk25() {
  local candidate
  for candidate in "${JAVA25_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [[ -n $candidate && -x $candidate/bin/jlink && $(jdk_version "$candidate") == 25* ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
jdk=$(find_jdk25) || die "no JDK 25 found: install one (e.g. Temurin 25) or set JAVA25_HOME"

# What the run needs, and whether a source is newer than the last layer build.
stale() {
  [[ -x $layer/extensions/o2-lambda-extension && -s $classpath_file \
    && -f $target/tools-classes/dev/o2ext/sim/LocalLambda.class && -f $target/o2-lambda-extension-x86_64.zip ]] \
    || return 0
  [[ -n $(find pom.xml src/main src/tools layer-build/layer layer-build/build.sh -newer "$target/o2-lambda-extension-x86_64.zip" \
    -type f -print -quit) ]]
}

run_local_lambda() {
  "$jdk/bin/java" -cp "$target/tools-classes:$(cat "$classpath_file")" dev.o2ext.sim.LocalLambda "$@"
}

if $help; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  if [[ -s $classpath_file ]]; then
    echo
    run_local_lambda --help
  fi
  exit 0
fi

if ! $build; then
  [[ -x $layer/extensions/o2-lambda-extension && -s $classpath_file ]] \
    || die "--no-build, but the layer or the tools' class path is missing: run without --no-build"
elif $rebuild || stale; then
  command -v mvn >/dev/null || die "Maven (mvn) is needed to build the extension"
  echo "building the extension, its layer and the simulator (mvn -q -B -Dmaven.test.skip package; a few minutes the first time)"
  started=$SECONDS
  # Maven 3.8 prints colour resets even in batch mode
  mvn -q -B -Dmaven.test.skip package 2>&1 | sed 's/\x1b\[0m//g'
  echo "built in $((SECONDS - started)) s"
fi

wants_sample=true
for arg in "${args[@]}"; do
  [[ $arg == --function || $arg == --lines ]] && wants_sample=false
done
if $wants_sample && ! command -v curl >/dev/null; then
  die "the sample function needs curl (apt-get install curl), or pass --function \"<command>\""
fi

set +e
run_local_lambda "${args[@]}"
status=$?
set -e
fake=true
[[ -n ${O2_ENDPOINT:-} ]] && fake=false
for arg in "${args[@]}"; do
  [[ $arg == O2_ENDPOINT=* ]] && fake=false
done
if $fake; then
  echo "The fake OpenObserve kept the records in memory only; it stopped with the run. To send them to yours:"
  echo "  O2_ENDPOINT=https://… O2_ORGANIZATION_ID=… O2_AUTHORIZATION_HEADER='Basic …' layer-build/run-local.sh"
fi
exit "$status"
