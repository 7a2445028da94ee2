#!/usr/bin/env bash
# Start-up and footprint benchmark of the built layer under the Lambda simulator, with the plain
# fat jar (java -jar on the full JDK 25, no AOT, default flags) as the baseline, on both CPUs and
# pinned to one (taskset). Prints Markdown for docs/benchmarks.md and keeps it in
# target/benchmark/. A benchmark, not a test: it measures and reports; it fails only when a
# session did not ship every line or exit cleanly.
#
#   layer-build/benchmark.sh [--runs N] [--invocations N] [--burst N] [--no-pinned] [--https] [--variants]
#   layer-build/benchmark.sh --sandbox [--invocations N] [--memory 128,1024] [--beside MB] [--baseline DIR] [--native-only]
#
# --sandbox (as root) runs the native layer, the JVM layer and the fat jar in a model of Lambda's
# sandbox instead (dev.o2ext.bench.SandboxBenchmark: a cgroup v1 memory group of the function's
# size, memory/1769 of a CPU after Init, a cold page cache, optionally a stand-in function
# holding --beside MB in the same group); default 30 invocations, 128 and 1024 MB, beside 60 MB.
# --baseline DIR adds a row per configuration for another native layer (an unpacked layer, e.g.
# a copy of target/layer/x86_64 built from an earlier commit), so before and after share one run;
# --native-only leaves out the JVM layer and the fat jar.
# --https adds a table with OpenObserve behind a TLS front (EC certificate), as real endpoints are.
# --variants builds the layer once per JVM flag set (target/layer-variants/, each with its own
# AOT cache trained with those flags) and benchmarks them side by side instead; VARIANTS="a b"
# picks some of them (names in the list below).
set -euo pipefail

command_line="layer-build/benchmark.sh $*"
repo=$(cd "$(dirname "$0")/.." && pwd -P)
target="$repo/target"
runs=7
invocations=100
burst=20000
pinned=true
variants=false
https=false
sandbox=false
memory=128,1024
beside=60
baseline=""
native_only=false
invocations_set=false

while (($#)); do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --invocations) invocations=${2:?}; invocations_set=true; shift 2 ;;
    --sandbox) sandbox=true; shift ;;
    --memory) memory=${2:?}; shift 2 ;;
    --beside) beside=${2:?}; shift 2 ;;
    --baseline) baseline=${2:?}; shift 2 ;;
    --native-only) native_only=true; shift ;;
    --burst) burst=${2:?}; shift 2 ;;
    --no-pinned) pinned=false; shift ;;
    --https) https=true; shift ;;
    --variants) variants=true; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "benchmark.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

jdk=${JAVA25_HOME:-}
if [[ -z $jdk ]]; then
  for candidate in /usr/lib/jvm/* /opt/java/*; do
    if grep -q '^JAVA_VERSION="25' "$candidate/release" 2>/dev/null; then
      jdk=$candidate
      break
    fi
  done
fi
[[ -x $jdk/bin/java ]] || { echo "benchmark.sh: no JDK 25 (set JAVA25_HOME)" >&2; exit 2; }

shopt -s nullglob
jars=("$target"/o2-lambda-extension-*.jar)
shopt -u nullglob
launcher="$target/layer/x86_64/extensions/o2-lambda-extension"
cp_file="$target/tools-classpath.txt"
# LAYER_TOOLS_CLASSES: where the compiled tools are, when not in this build's target/ (as for build.sh)
driver_classes=${LAYER_TOOLS_CLASSES:-$target/tools-classes}
[[ ${#jars[@]} -eq 1 && -x $launcher && -s $cp_file && -f ${driver_classes%%:*}/dev/o2ext/bench/LayerBenchmark.class ]] || {
  echo "benchmark.sh: build first: mvn -Dmaven.test.skip package (jar, layer, tools and their class path file)" >&2
  exit 2
}
classpath="$driver_classes:$(cat "$cp_file")"
mkdir -p "$target/benchmark"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report="$target/benchmark/benchmark-$stamp.md"

size_line() {
  local layer=$1 zip=$2
  printf '%s: unpacked %.1f MB (runtime %.1f, app %.1f, AOT cache %.1f)%s\n' "${layer#"$repo"/}" \
    "$(du -sb "$layer" | awk '{print $1 / 1e6}')" \
    "$(du -sb "$layer/o2-lambda-extension/runtime" | awk '{print $1 / 1e6}')" \
    "$(du -sb "$layer/o2-lambda-extension/app" | awk '{print $1 / 1e6}')" \
    "$( (stat -c %s "$layer/o2-lambda-extension/app.aot" 2>/dev/null || echo 0) | awk '{print $1 / 1e6}')" \
    "$([[ -f $zip ]] && printf ', zip %.1f MB' "$(stat -c %s "$zip" | awk '{print $1 / 1e6}')")"
}

# Runs LayerBenchmark; pinned: the extension on CPU 0, the simulator and fake OpenObserve on CPU 1.
bench() {
  local pin=$1
  shift
  if [[ $pin == pinned ]]; then
    taskset -c 1 "$jdk/bin/java" -cp "$classpath" dev.o2ext.bench.LayerBenchmark --runs "$runs" \
      --invocations "$invocations" --burst "$burst" --pin 0 "$@"
  else
    "$jdk/bin/java" -cp "$classpath" dev.o2ext.bench.LayerBenchmark --runs "$runs" \
      --invocations "$invocations" --burst "$burst" "$@"
  fi
}

if $sandbox; then
  $invocations_set || invocations=30
  jvm_launcher="$target/layer-jvm/x86_64/extensions/o2-lambda-extension"
  others=("jvm=$jvm_launcher" "fat-jar=$jdk/bin/java -jar ${jars[0]}")
  if $native_only; then
    others=()
  else
    [[ -x $jvm_launcher ]] || { echo "benchmark.sh: no JVM layer at $jvm_launcher (build.sh --variant both)" >&2; exit 2; }
  fi
  extra=()
  if [[ -n $baseline ]]; then
    [[ -x $baseline/extensions/o2-lambda-extension ]] || { echo "benchmark.sh: no layer at $baseline" >&2; exit 2; }
    extra=("baseline=$baseline/extensions/o2-lambda-extension")
  fi
  {
    echo "## Sandbox benchmark $stamp"
    echo
    echo "- command: \`$command_line\`"
    echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    [[ -z $baseline ]] || echo "- baseline: the native layer in $baseline"
    echo "- native layer: $(du -sb "$target/layer/x86_64" | awk '{printf "%.1f MB", $1 / 1e6}') unpacked, zip $(stat -c %s "$target/o2-lambda-extension-x86_64.zip" | awk '{printf "%.1f MB", $1 / 1e6}')"
    echo
    "$jdk/bin/java" -cp "$classpath" dev.o2ext.bench.SandboxBenchmark --memory "$memory" --beside "$beside" \
      --invocations "$invocations" "${extra[@]}" "native=$launcher" "${others[@]}" \
      2> >(sed 's/^/  /' >&2)
    echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$report"
  echo "report: $report" >&2
  exit 0
fi

declare -a commands
if $variants; then
  # name|JVM flags (replacing the launcher's jvm_flags line; its -Xmx stays)|build.sh
  # arguments|flags for the AOT cache's assembly
  chosen=$(sed -n 's/^jvm_flags="\(.*\)"$/\1/p' "$repo/layer-build/layer/extensions/o2-lambda-extension")
  base="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
  specs=(
    "chosen|$chosen||"
    "jvm-defaults|||"
    "no-aot-cache|$chosen|--no-cache|"
    "aot-unlinked|$chosen||-XX:-AOTClassLinking"
    "aot-unlinked+reloc0|$chosen -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0||-XX:-AOTClassLinking"
    "base|$base||"
    "tiered-c2|-XX:+UseSerialGC -XX:-UsePerfData||"
    "g1|-XX:TieredStopAtLevel=1 -XX:-UsePerfData||"
    "+perfdata|-XX:TieredStopAtLevel=1 -XX:+UseSerialGC||"
    "+xss256k|$base -Xss256k||"
    "+codecache16m|$base -XX:ReservedCodeCacheSize=16m||"
    "+metaspace64m|$base -XX:MaxMetaspaceSize=64m||"
    "+directmem16m|$base -XX:MaxDirectMemorySize=16m||"
    "+netty-unpooled|$base -Dio.netty.allocator.type=unpooled||"
    "+reactor-1-thread|$base -Dreactor.netty.ioWorkerCount=1 -Dreactor.schedulers.defaultPoolSize=1||"
    "+compact-headers|$base -XX:+UseCompactObjectHeaders||"
    "+xmn8m|$base -Xmn8m||"
    "+ci-count-1|$base -XX:CICompilerCount=1||"
    "+reloc0|$base -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0||"
    "+xmn8m+unpooled|$base -Xmn8m -Dio.netty.allocator.type=unpooled||"
    "unlinked+xmn8m+unpooled|$base -Xmn8m -Dio.netty.allocator.type=unpooled||-XX:-AOTClassLinking"
    "unlinked+reloc0+xmn8m+unpooled|$base -Xmn8m -Dio.netty.allocator.type=unpooled -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0||-XX:-AOTClassLinking"
  )
  if [[ -n ${VARIANTS:-} ]]; then # VARIANTS="name1 name2": only these
    selected=()
    for spec in "${specs[@]}"; do
      [[ " $VARIANTS " == *" ${spec%%|*} "* ]] && selected+=("$spec")
    done
    specs=("${selected[@]}")
  fi
  for spec in "${specs[@]}"; do
    IFS='|' read -r name flags build_args create_flags <<<"$spec"
    out="$target/layer-variants/$name"
    if [[ ! -f $out/o2-lambda-extension/layer.properties ]]; then
      rm -rf "$out"
      echo "building variant $name: $flags $build_args $create_flags" >&2
      # shellcheck disable=SC2086 # build_args: several words
      LAYER_AOT_CREATE_FLAGS=$create_flags "$repo/layer-build/build.sh" --jar "${jars[0]}" \
        --tools-classpath "$cp_file" --output "$out" --jvm-flags "$flags" $build_args \
        >"$target/benchmark/build-$name.log" 2>&1 \
        || { tail -20 "$target/benchmark/build-$name.log" >&2; rm -rf "$out"; exit 1; }
    fi
    commands+=("$name=$out/extensions/o2-lambda-extension")
  done
else
  commands=("layer=$launcher" "fat-jar=$jdk/bin/java -jar ${jars[0]}")
fi

{
  echo "## Benchmark $stamp"
  echo
  echo "- command: \`$command_line\` (runs $runs, invocations $invocations, burst $burst)"
  echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
  echo "- JDK: $("$jdk/bin/java" -version 2>&1 | sed -n 2p)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(size_line "$target/layer/x86_64" "$target/o2-lambda-extension-x86_64.zip")"
  echo
  echo "### Both CPUs"
  echo
  bench free "${commands[@]}" 2> >(sed 's/^/  /' >&2)
  if $pinned; then
    echo "### Extension pinned to one CPU (taskset -c 0; simulator on CPU 1)"
    echo
    bench pinned "${commands[@]}" 2> >(sed 's/^/  /' >&2)
  fi
  if $https; then
    echo "### OpenObserve over HTTPS (both CPUs)"
    echo
    bench free --https "${commands[@]}" 2> >(sed 's/^/  /' >&2)
  fi
  echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$report"
echo "report: $report" >&2
