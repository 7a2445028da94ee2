#!/usr/bin/env bash
# Builds the Java agent variant of the layer from a layer that build.sh made: per architecture,
# target/layer/<arch>-javaagent/ (what lands in /opt) and
# target/o2-lambda-extension-javaagent-<arch>.zip, a copy of target/layer/<arch>/ with the
# OpenTelemetry Java agent at the root as opentelemetry-javaagent.jar, which /opt/otel-instrument
# then adds to a Java function's JAVA_TOOL_OPTIONS. See docs/opentelemetry.md.
#
# The layer is copied as it is, mtimes and all (the AOT cache checks the jars' mtimes), not
# rebuilt: the agent runs in the function's JVM and changes nothing of the extension. The agent
# gets the layer's fixed mtime, and the zip is made the way build.sh makes its own
# (build_variant in layer-build/lib/layer-zip.sh, which nodejs-variant.sh uses too).
set -euo pipefail

readonly AGENT_ARTIFACT=io.opentelemetry.javaagent:opentelemetry-javaagent
readonly AGENT_VERSION_DEFAULT=2.28.1 # the version measured in docs/opentelemetry.md
readonly AGENT_FILE=opentelemetry-javaagent.jar
readonly MAX_UNZIPPED_BYTES=$((250 * 1024 * 1024)) # Lambda's limit for a function and its layers

usage() {
  cat <<EOF
Usage: layer-build/javaagent-variant.sh [--arch x86_64|arm64|all] [options]

Needs the layer built first (layer-build/build.sh): reads target/layer/<arch>/, writes
target/layer/<arch>-javaagent/ and target/o2-lambda-extension-javaagent-<arch>.zip.

  --arch ARCH           x86_64 (default), arm64 or all
  --agent JAR           the OpenTelemetry Java agent jar to ship (default: $AGENT_ARTIFACT
                        resolved with mvn, from the local repository first)
  --agent-version V     the version mvn resolves (default: $AGENT_VERSION_DEFAULT)
  --target DIR          read the layer from DIR/layer/<arch>/ and write the variant and its zip
                        in DIR instead of the repository's target/
  -h, --help            this text
EOF
}

die() {
  printf 'javaagent-variant.sh: %s\n' "$*" >&2
  exit 2
}

log() {
  printf '[javaagent-variant] %s\n' "$*" >&2
}

repo=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=layer-build/lib/layer-zip.sh
source "$repo/layer-build/lib/layer-zip.sh"
target="$repo/target"
arch_arg=x86_64
agent=""
agent_version=$AGENT_VERSION_DEFAULT

while (($#)); do
  case $1 in
    --arch | --agent | --agent-version | --target)
      if (($# < 2)) || [[ -z $2 || $2 == --* ]]; then die "$1 needs a value"; fi
      case $1 in
        --arch) arch_arg=$2 ;;
        --agent) agent=$2 ;;
        --agent-version) agent_version=$2 ;;
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
[[ $agent_version =~ ^[0-9A-Za-z._-]+$ ]] || die "not a version: $agent_version"
[[ -d $target ]] || die "no directory $target"
target=$(cd "$target" && pwd -P) # zip_layer wants an absolute path

# Every layer is checked before anything is written
for arch in "${archs[@]}"; do
  problem=$(check_built_layer "$target/layer/$arch" "$arch") || die "$problem"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -z $agent ]]; then
  log "resolving $AGENT_ARTIFACT:$agent_version with mvn"
  maven_offline_first "$repo" dependency:copy -Dartifact="$AGENT_ARTIFACT:$agent_version" \
    -DoutputDirectory="$work/agent" ||
    die "mvn could not resolve $AGENT_ARTIFACT:$agent_version; pass the jar with --agent"
  agent="$work/agent/opentelemetry-javaagent-$agent_version.jar"
fi
[[ -f $agent ]] || die "no agent jar at $agent"
# A Java agent names its entry point in Premain-Class; without it the JVM refuses -javaagent
# and the function would not start at all.
manifest=$(unzip -p "$agent" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r') ||
  die "$agent is not a jar: no META-INF/MANIFEST.MF in it"
grep -q '^Premain-Class: *[^ ]' <<<"$manifest" ||
  die "$agent is not a Java agent: its manifest has no Premain-Class"
version=$(sed -n '/^Implementation-Version:/{s/^[^:]*: *//;p;q;}' <<<"$manifest")

add_agent() { # add_agent DIR: the agent at the root of the variant
  cp "$agent" "$1/$AGENT_FILE" && chmod 644 "$1/$AGENT_FILE"
}

for arch in "${archs[@]}"; do
  variant="$target/layer/$arch-javaagent"
  zip_file="$target/o2-lambda-extension-javaagent-$arch.zip"
  build_variant "$target/layer/$arch" "$variant" "$zip_file" "javaagent=${version:-unknown}" add_agent
  unzipped=$(du -sb "$variant" | cut -f1)
  log "$arch: agent ${version:-of unknown version}, $unzipped bytes unpacked," \
    "$(stat -c %s "$zip_file") bytes zipped: $zip_file"
  ((unzipped <= MAX_UNZIPPED_BYTES)) ||
    log "$arch: warning: over Lambda's 250 MB for a function and all its layers unzipped"
done
