#!/usr/bin/env bash
# Builds the Lambda layer from the Spring Boot jar, per architecture, in two variants
# (docs/layer.md):
#
# - native (the default layer): the extension as a GraalVM native executable
#   (layer-build/native/build-image.sh), in target/layer/<arch>/ (what lands in /opt) and
#   target/o2-lambda-extension-<arch>.zip; x86_64 only (the builder does not cross-compile);
# - jvm: a jlinked JDK 25 with the application and a JDK AOT cache, in target/layer-jvm/<arch>/
#   and target/o2-lambda-extension-jvm-<arch>.zip, for arm64 and for Amazon Linux 2 runtimes,
#   whose glibc (2.26) is older than the native executable needs (2.34).
#
#   layer-build/build.sh [--arch x86_64|arm64|all] [--variant native|jvm|both] [options]
#
# The JVM variant's steps: extract the jar (java -Djarmode=tools), check the runtime's module list against jdeps,
# jlink a JDK 25 runtime, copy layer-build/layer/ (launcher and other static files), train a
# JDK AOT cache with the shipped runtime and launcher against the Lambda simulator, verify that
# the JVM accepts it, zip. The zip keeps file modes and mtimes: the AOT cache checks the jars'
# sizes and mtimes, so every file gets the same fixed, even mtime, stored twice in the zip: as
# the Unix "UT" extra field (exact, read by Info-ZIP, Go and Java) and as DOS time written in
# UTC (2-second resolution, what an extractor without UT support reads); both are done in
# layer-build/lib/layer-zip.sh, which layer-build/javaagent-variant.sh shares.
set -euo pipefail

readonly MODULES_DEFAULT="java.base,java.logging,java.desktop,jdk.unsupported"
# Modules jdeps names for the jars that the runtime leaves out on purpose; docs/layer.md says
# which classes refer to each and why no path the extension takes loads them (verified by the
# training session and the end-to-end tests on the jlinked runtime).
readonly MODULES_LEFT_OUT="java.compiler java.instrument java.management java.naming java.net.http java.scripting java.sql jdk.jfr"

usage() {
  cat <<'EOF'
Usage: layer-build/build.sh [--arch x86_64|arm64|all] [options]

  --arch ARCH            x86_64 (default), arm64 or all
  --variant V            native (default), jvm, or both; native is built for x86_64 only
  --jar FILE             the Spring Boot jar (default: target/o2-lambda-extension-*.jar)
  --jdk DIR              JDK 25 that runs jlink, the training driver and (x86_64) the layer
                         (default: $JAVA25_HOME, else a JDK 25 found under /usr/lib/jvm)
  --arm64-jdk DIR        an aarch64 JDK 25, the same version as --jdk (default:
                         $JAVA25_AARCH64_HOME); needed for arm64
  --arm64-sysroot DIR    an aarch64 glibc root (e.g. Debian's libc6:arm64 unpacked) for
                         qemu-aarch64-static: trains the arm64 AOT cache under emulation
                         (default: $AARCH64_SYSROOT); without it the arm64 layer has no cache
  --arm64-jlink HOW      host: --jdk's jlink links the aarch64 JDK's jmods/; qemu: the aarch64
                         JDK's own jlink runs under qemu-aarch64-static (needs the sysroot) and
                         links from its jmods/ or, without them, its run-time image (JEP 493);
                         default: host when the aarch64 JDK has jmods/, else qemu
  --tools-classpath FILE file with the tools' libraries (Maven writes
                         target/tools-classpath.txt); default: written with mvn
  --no-cache             no AOT cache (no training); the layer then starts slower
  --jvm-flags "FLAGS"    replace the launcher's default JVM flags (benchmark variants)
  --training "ARGS"      extra arguments for the training session (dev.o2ext.bench.TrainingRun)
  --modules LIST         link these modules instead (experiments: the jdeps check only warns)
  --jlink-compress LEVEL jlink's --compress for lib/modules (default zip-6; zip-0 makes the
                         zip 7 MB smaller and the unpacked layer 31 MB larger)
  --output DIR           layer directory instead of target/layer[-jvm]/<arch> (zip not
                         written; one variant)
  -h, --help             this text

Environment: SOURCE_DATE_EPOCH (the files' mtime; default the last commit's time),
LAYER_TOOLS_CLASSES (where the compiled tools, src/tools/java, are; default
target/tools-classes), LAYER_AOT_CREATE_FLAGS (extra flags for the cache's
assembly, e.g. -XX:-AOTClassLinking).
EOF
}

die() {
  printf 'build.sh: %s\n' "$*" >&2
  exit 2
}

log() {
  printf '[layer %3ds] %s\n' "$SECONDS" "$*" >&2
}

repo=$(cd "$(dirname "$0")/.." && pwd -P)
target="$repo/target"
# shellcheck source=layer-build/lib/layer-zip.sh
source "$repo/layer-build/lib/layer-zip.sh"
arch_arg=x86_64
jar=""
jdk="${JAVA25_HOME:-}"
arm64_jdk="${JAVA25_AARCH64_HOME:-}"
arm64_sysroot="${AARCH64_SYSROOT:-}"
arm64_jlink=""
tools_classpath=""
with_cache=true
jvm_flags=""
jvm_flags_set=false
jdeps_pid=""
training_args=""
modules_arg=""
jlink_compress=zip-6
output=""
variant=native

while (($#)); do
  case $1 in
    --arch) arch_arg=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --jdk) jdk=${2:?}; shift 2 ;;
    --arm64-jdk) arm64_jdk=${2:?}; shift 2 ;;
    --arm64-sysroot) arm64_sysroot=${2:?}; shift 2 ;;
    --arm64-jlink) arm64_jlink=${2:?}; shift 2 ;;
    --tools-classpath) tools_classpath=${2:?}; shift 2 ;;
    --no-cache) with_cache=false; shift ;;
    --jvm-flags) jvm_flags=${2?}; jvm_flags_set=true; shift 2 ;;
    --training) training_args=${2?}; shift 2 ;;
    --modules) modules_arg=${2:?}; shift 2 ;;
    --jlink-compress) jlink_compress=${2:?}; shift 2 ;;
    --output) output=${2:?}; shift 2 ;;
    --variant) variant=${2:?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

arch_list=$(layer_archs "$arch_arg") || die "--arch must be x86_64, arm64 or all"
read -r -a archs <<<"$arch_list"
[[ -z $output || ${#archs[@]} -eq 1 ]] || die "--output takes one architecture"
[[ $arm64_jlink =~ ^(|host|qemu)$ ]] || die "--arm64-jlink must be host or qemu"
[[ $variant =~ ^(native|jvm|both)$ ]] || die "--variant must be native, jvm or both"
[[ -z $output || $variant != both ]] || die "--output takes one variant"

# The JDK's version from its release file, e.g. 25.0.3.
jdk_version() {
  sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$1/release" 2>/dev/null
}

jdk_arch() {
  sed -n 's/^OS_ARCH="\(.*\)"$/\1/p' "$1/release" 2>/dev/null
}

find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [[ -n $candidate && -x $candidate/bin/jlink && $(jdk_version "$candidate") == 25* \
      && $(jdk_arch "$candidate") =~ ^(x86_64|amd64)$ ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [[ -z $jdk ]]; then
  jdk=$(find_jdk25) || die "no JDK 25 found: set JAVA25_HOME or pass --jdk"
fi
[[ $(jdk_version "$jdk") == 25* ]] || die "$jdk is not a JDK 25"
jdk_version_full=$(jdk_version "$jdk")
java="$jdk/bin/java"

if [[ -z $jar ]]; then
  shopt -s nullglob
  jars=("$target"/o2-lambda-extension-*.jar)
  shopt -u nullglob
  [[ ${#jars[@]} -eq 1 ]] || die "expected one target/o2-lambda-extension-*.jar (run mvn package), found ${#jars[@]}"
  jar=${jars[0]}
fi
[[ -f $jar ]] || die "no jar at $jar"

# One fixed mtime for every file of the layer: the commit time (or SOURCE_DATE_EPOCH), rounded
# down to an even second because zip's DOS time has a 2-second resolution.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 315532800)}
epoch=$((epoch - epoch % 2))

# jdeps takes ~10 s: it runs in the background while the runtime is linked and trained.
start_jdeps() {
  local app=$1 result=$2
  "$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
    --class-path "$app/lib/*" "$app/o2-lambda-extension.jar" >"$result" 2>&1 &
  jdeps_pid=$!
}

# Fails the build when jdeps names a module that is neither in the linked runtime (the modules
# asked for and what they require) nor known to be left out: a new dependency may need it, and
# a runtime without it would fail only on Lambda.
check_modules() {
  local result=$1 runtime=$2 found linked module
  wait "$jdeps_pid" || { cat "$result" >&2; die "jdeps failed"; }
  found=$(tail -1 "$result")
  linked=$(sed -n 's/^MODULES="\(.*\)"$/\1/p' "$runtime/release")
  log "jdeps: $found"
  log "linked: $linked"
  for module in ${found//,/ }; do
    if [[ " $linked " != *" $module "* && " $MODULES_LEFT_OUT " != *" $module "* ]]; then
      [[ -n $modules_arg ]] && { log "warning: jdeps names $module, not linked"; continue; }
      die "jdeps names module $module, which is neither linked nor in MODULES_LEFT_OUT; check it (docs/layer.md) and add it to one of them"
    fi
  done
}

# qemu-aarch64-static and a sysroot, for running the aarch64 JDK's tools at build time.
require_qemu() {
  [[ -n $arm64_sysroot ]] || die "$1 needs --arm64-sysroot (or AARCH64_SYSROOT): an aarch64 glibc root for qemu-aarch64-static"
  [[ -d $arm64_sysroot ]] || die "no sysroot at $arm64_sysroot"
  command -v qemu-aarch64-static >/dev/null || die "$1 needs qemu-aarch64-static (Debian: qemu-user-static)"
}

# The newest glibc symbol version (e.g. 2.34) that the runtime's executables and libraries import:
# Lambda's Amazon Linux 2023 has LAMBDA_GLIBC. Empty when objdump is missing or finds no glibc
# symbol versions (e.g. a musl runtime, or binaries it cannot read).
glibc_needed() {
  local runtime=$1 objdump=$2
  command -v "$objdump" >/dev/null || return 0
  { find "$runtime/bin" "$runtime/lib" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
    | xargs -0 "$objdump" -T 2>/dev/null || true; } \
    | { grep -o 'GLIBC_[0-9][0-9.]*' || true; } | sed 's/^GLIBC_//' | sort -uV | tail -1
}

glibc_warning() {
  local arch=$1 glibc=$2 line
  line=$(printf '%0.s=' {1..90})
  printf 'build.sh: WARNING %s\nbuild.sh: WARNING %s: this runtime needs glibc %s; Lambda (Amazon Linux 2023) has %s: do not publish\nbuild.sh: WARNING %s\n' \
    "$line" "$arch" "$glibc" "$LAMBDA_GLIBC" "$line" >&2
}

tools_classpath_file() {
  if [[ -n $tools_classpath ]]; then
    [[ -s $tools_classpath ]] || die "no tools class path in $tools_classpath"
    echo "$tools_classpath"
    return
  fi
  local file="$target/layer-work/tools-classpath.txt"
  mkdir -p "$target/layer-work"
  log "writing the tools' class path with mvn"
  maven_offline_first "$repo" dependency:build-classpath -Dmdep.outputFile="$file" -Dmdep.includeScope=test
  echo "$file"
}

# Runs the training session through the layer's own launcher with AOTMode=record, then lets
# the same launcher (same runtime, flags and class path) assemble the cache. Further arguments
# go to the training session before --training's.
train_cache() {
  local layer=$1 work=$2 launcher=$3 cp_file conf
  shift 3
  conf="$work/app.aotconf"
  cp_file=$(tools_classpath_file)
  # LAYER_TOOLS_CLASSES: where the compiled tools are, when not in this build's target/
  local classes=${LAYER_TOOLS_CLASSES:-$target/tools-classes}
  [[ -f ${classes%%:*}/dev/o2ext/bench/TrainingRun.class ]] \
    || die "no compiled training driver in ${classes%%:*} (run mvn process-classes)"
  rm -f "$conf" "$layer/o2-lambda-extension/app.aot"
  local extra=("$@") user_args=()
  read -r -a user_args <<<"$training_args"
  extra+=("${user_args[@]}")
  log "training session (AOTMode=record)"
  "$java" -cp "$classes:$(cat "$cp_file")" dev.o2ext.bench.TrainingRun \
    --work "$work" --quiet "${extra[@]}" \
    --env "O2_JAVA_OPTS=-XX:AOTMode=record -XX:AOTConfiguration=$conf" \
    -- "$launcher" >&2
  [[ -s $conf ]] || die "the training run wrote no AOT configuration"
  log "assembling the AOT cache (AOTMode=create)"
  O2_JAVA_OPTS="-XX:AOTMode=create -XX:AOTConfiguration=$conf -XX:AOTCache=$layer/o2-lambda-extension/app.aot -Xlog:aot=warning,cds=warning ${LAYER_AOT_CREATE_FLAGS:-}" \
    "$launcher" >"$work/aot-create.log" 2>&1 || {
    cat "$work/aot-create.log" >&2
    die "AOT cache creation failed"
  }
  touch -d "@$epoch" "$layer/o2-lambda-extension/app.aot"
  # AOTMode=on refuses to start unless the cache is accepted: proves it fits runtime and jars
  if ! O2_JAVA_OPTS="-XX:AOTMode=on" "$launcher" --version >"$work/aot-check.log" 2>&1; then
    cat "$work/aot-check.log" >&2
    die "the JVM does not accept the AOT cache it just made"
  fi
}

build_jvm_layer() {
  local arch=$1 layer work app link_jdk modules
  layer=${output:-$target/layer-jvm/$arch}
  work="$target/layer-work/$arch${output:+-$(basename "$output")}"
  app="$work/app"
  modules=${modules_arg:-$MODULES_DEFAULT}
  case $arch in
    x86_64) link_jdk=$jdk ;;
    arm64)
      [[ -n $arm64_jdk ]] || die "arm64 needs an aarch64 JDK 25: --arm64-jdk or JAVA25_AARCH64_HOME (docs/layer.md)"
      [[ $(jdk_arch "$arm64_jdk") == aarch64 ]] \
        || die "$arm64_jdk is not an aarch64 JDK (its release file says OS_ARCH=\"$(jdk_arch "$arm64_jdk")\")"
      [[ $(jdk_version "$arm64_jdk") == "$jdk_version_full" ]] \
        || die "the aarch64 JDK is $(jdk_version "$arm64_jdk"), the build JDK $jdk_version_full: they must be the same version"
      link_jdk=$arm64_jdk
      ;;
  esac
  rm -rf "$layer" "$work"
  mkdir -p "$layer/o2-lambda-extension" "$work"

  log "$arch: extracting $(basename "$jar")"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$app" \
    --application-filename o2-lambda-extension.jar >&2
  rm -f "$app/lib"/spring-boot-jarmode-tools-*.jar # only for the extraction itself
  start_jdeps "$app" "$work/jdeps.txt"


  local jlink=("$jdk/bin/jlink") strip_debug=(--strip-debug)
  if [[ $arch == arm64 ]]; then
    # --strip-debug includes --strip-native-debug-symbols, which runs objcopy: the host's cannot
    # read aarch64 binaries
    strip_debug=(--strip-java-debug-attributes)
    if command -v aarch64-linux-gnu-objcopy >/dev/null; then
      strip_debug+=(--strip-native-debug-symbols=objcopy="$(command -v aarch64-linux-gnu-objcopy)")
    fi
    local how=$arm64_jlink
    [[ -n $how ]] || { [[ -d $link_jdk/jmods ]] && how=host || how=qemu; }
    if [[ $how == host ]]; then
      # a JDK's jlink links another platform's runtime from that platform's jmods only
      [[ -d $link_jdk/jmods ]] || die "$link_jdk has no jmods/: --jdk's jlink can link an aarch64 runtime from jmods only (--arm64-jlink qemu: the aarch64 JDK's own jlink)"
      jlink+=(--module-path "$link_jdk/jmods")
      log "arm64: jlink of $jdk, from $link_jdk/jmods"
    else
      require_qemu "--arm64-jlink qemu"
      # without --module-path: from its jmods/, else from its run-time image (JEP 493; a JDK
      # built with --enable-linkable-runtime), which only its own platform can link from
      # objcopy is started with fork and exec: the default spawns the JDK's jspawnhelper, an
      # aarch64 program that the host cannot exec (qemu-user does not follow exec)
      jlink=(qemu-aarch64-static -L "$arm64_sysroot" "$link_jdk/bin/jlink" -J-Djdk.lang.Process.launchMechanism=FORK)
      log "arm64: jlink of $link_jdk under qemu-aarch64-static, from $([[ -d $link_jdk/jmods ]] && echo its jmods/ || echo its run-time image)"
    fi
  fi

  log "$arch: jlink $modules"
  # java.desktop is linked for java.beans only (Spring Boot's Binder): its native libraries
  # (AWT, fonts, images, sound) are never loaded by the extension
  if ! "${jlink[@]}" --add-modules "$modules" \
    "${strip_debug[@]}" --no-man-pages --no-header-files --compress="$jlink_compress" \
    --exclude-files='glob:/java.desktop/lib/*' \
    --output "$layer/o2-lambda-extension/runtime" >&2; then
    [[ $arch == arm64 && ! -d $link_jdk/jmods ]] \
      && die "jlink failed: $link_jdk has no jmods/, so its run-time image must be linkable (JEP 493: built with --enable-linkable-runtime); get its jmods (docs/layer.md)"
    die "jlink failed"
  fi
  # jlink copies the JDK's libjvm.so with its full symbol table (5 MB; for debuggers only,
  # the dynamic symbols that the JVM and dlsym use stay)
  local strip_tool=strip
  [[ $arch == arm64 ]] && strip_tool=aarch64-linux-gnu-strip
  if command -v "$strip_tool" >/dev/null; then
    "$strip_tool" --strip-unneeded "$layer/o2-lambda-extension/runtime/lib/server/libjvm.so"
  else
    log "$arch: $strip_tool not found, libjvm.so keeps its symbol table"
  fi
  # The runtime's trust anchors (HTTPS to OpenObserve) are --jdk's, on both architectures: an
  # aarch64 JDK's own may differ (Debian's JDK links lib/security/cacerts to the system's
  # ca-certificates-java store; its jmods carry OpenJDK's built-in one)
  local cacerts="$layer/o2-lambda-extension/runtime/lib/security/cacerts"
  if [[ $arch != x86_64 ]] && ! cmp -s "$jdk/lib/security/cacerts" "$cacerts"; then
    log "$arch: the runtime gets the trust anchors of $jdk/lib/security/cacerts (jlink's differ)"
    rm -f "$cacerts"
    cp -L "$jdk/lib/security/cacerts" "$cacerts"
  fi
  if ! { [[ -f $cacerts && ! -L $cacerts ]] && cmp -s "$jdk/lib/security/cacerts" "$cacerts"; }; then
    die "the linked runtime's cacerts differ from the JDK's"
  fi
  local objdump=objdump glibc
  [[ $arch == arm64 ]] && objdump=aarch64-linux-gnu-objdump
  glibc=$(glibc_needed "$layer/o2-lambda-extension/runtime" "$objdump")
  if [[ -z $glibc ]]; then
    log "$arch: $objdump not found, the glibc the runtime needs is not checked"
  else
    log "$arch: the runtime needs glibc $glibc (Lambda's: $LAMBDA_GLIBC)"
    if glibc_too_new "$glibc"; then glibc_warning "$arch" "$glibc"; fi
  fi

  cp -R "$app" "$layer/o2-lambda-extension/app"
  cp -R "$repo/layer-build/layer/." "$layer/"
  if $jvm_flags_set; then
    sed -i "s|^jvm_flags=.*|jvm_flags=\"$jvm_flags\"|" "$layer/extensions/o2-lambda-extension"
  fi
  chmod 755 "$layer/extensions/o2-lambda-extension"
  stamp_layer "$layer" "$epoch"

  local cache_state=false
  if $with_cache; then
    if [[ $arch == x86_64 ]]; then
      train_cache "$layer" "$work" "$layer/extensions/o2-lambda-extension"
      cache_state=true
    elif [[ -n $arm64_sysroot ]] && command -v qemu-aarch64-static >/dev/null; then
      # The cache must be made by the arm64 JVM that ships, with the launcher's flags and class
      # path: a copy of the launcher beside it that only prefixes the emulator (docs/layer.md)
      # (the sysroot comes from the environment, so that no path ends up in sed's replacement)
      local shim="$layer/extensions/.o2-lambda-extension-training"
      # shellcheck disable=SC2016 # $home and $O2_TRAINING_SYSROOT are the shim's, expanded when it runs
      sed 's|^exec "$home/runtime/bin/java"|exec qemu-aarch64-static -L "$O2_TRAINING_SYSROOT" "$home/runtime/bin/java"|' \
        "$layer/extensions/o2-lambda-extension" >"$shim"
      chmod 755 "$shim"
      export O2_TRAINING_SYSROOT=$arm64_sysroot # for the shim run by train_cache itself
      # under emulation the recording JVM takes ~70 s to write its AOT configuration at exit
      # (2 s natively), past the session's default Shutdown deadline of 20 s
      train_cache "$layer" "$work" "$shim" --shutdown-deadline 180 --env "O2_TRAINING_SYSROOT=$arm64_sysroot"
      rm -f "$shim"
      cache_state=true
    else
      log "arm64: no AOT cache (an arm64 JVM must train it: --arm64-sysroot; docs/layer.md)"
    fi
  fi
  check_modules "$work/jdeps.txt" "$layer/o2-lambda-extension/runtime"
  # written last: a layer.properties means the layer is complete
  {
    echo "version=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')"
    echo "architecture=$arch"
    echo "java=$(jdk_version "$link_jdk")"
    echo "modules=$modules"
    echo "aot_cache=$cache_state"
    echo "glibc=${glibc:-unknown}"
  } >"$layer/o2-lambda-extension/layer.properties"
  stamp_layer "$layer" "$epoch"

  if [[ -z $output ]]; then
    local zip_file="$target/o2-lambda-extension-jvm-$arch.zip"
    zip_layer "$layer" "$zip_file"
    log "$arch-jvm: $(du -sb "$layer" | cut -f1) bytes unpacked, $(stat -c %s "$zip_file") bytes zipped: $zip_file"
  else
    log "$arch-jvm: $(du -sb "$layer" | cut -f1) bytes unpacked in $layer"
  fi
  # once more at the end, where it is seen
  if glibc_too_new "$glibc"; then glibc_warning "$arch" "$glibc"; fi
}

# The native variant: the executable from layer-build/native/build-image.sh (the builder from
# Maven Central on --jdk, or a GraalVM's native-image when GRAALVM_HOME is set) with the JDK
# libraries it loads, and the launcher (the same as the JVM variant's: it finds the executable). The builder does not cross-compile.
build_native_layer() {
  local arch=$1 layer host glibc
  host=$(uname -m)
  [[ $host == aarch64 ]] && host=arm64
  [[ $host == "$arch" ]] || die "the native layer is built for the host's architecture ($host), not $arch: use --variant jvm"
  layer=${output:-$target/layer/$arch}
  rm -rf "$layer"
  mkdir -p "$layer/o2-lambda-extension"
  "$repo/layer-build/native/build-image.sh" --jar "$jar" --jdk "$jdk" --output "$layer/o2-lambda-extension" \
    --work "$target/native-work"
  cp -R "$repo/layer-build/layer/." "$layer/"
  chmod 755 "$layer/extensions/o2-lambda-extension" "$layer/o2-lambda-extension/o2-lambda-extension"
  glibc=$(cat "$target/native-work/glibc.txt")
  {
    echo "version=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')"
    echo "architecture=$arch"
    echo "variant=native"
    echo "java=$jdk_version_full"
    echo "glibc=${glibc:-unknown}"
  } >"$layer/o2-lambda-extension/layer.properties"
  stamp_layer "$layer" "$epoch"
  if [[ -z $output ]]; then
    local zip_file="$target/o2-lambda-extension-$arch.zip"
    zip_layer "$layer" "$zip_file"
    log "$arch: $(du -sb "$layer" | cut -f1) bytes unpacked, $(stat -c %s "$zip_file") bytes zipped: $zip_file"
  else
    log "$arch: $(du -sb "$layer" | cut -f1) bytes unpacked in $layer"
  fi
}

for arch in "${archs[@]}"; do
  if [[ $variant != jvm ]]; then
    if [[ $arch == x86_64 || $variant == native ]]; then
      build_native_layer "$arch"
    else
      log "$arch: no native layer (built on an $arch host only); the jvm variant follows"
    fi
  fi
  [[ $variant == native ]] || build_jvm_layer "$arch"
done
