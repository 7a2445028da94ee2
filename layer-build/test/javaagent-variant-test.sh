#!/usr/bin/env bash
# Tests of layer-build/javaagent-variant.sh against a small fake layer and fake agent jars in a
# temporary target directory; needs bash, zip and unzip, no JDK and no network (the one run that
# resolves the agent with Maven gets a stub mvn first on the PATH).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="$here/../javaagent-variant.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=layer-build/test/lib/checks.sh
source "$here/lib/checks.sh"
# shellcheck source=layer-build/test/lib/fake-layer.sh
source "$here/lib/fake-layer.sh"

make_jar() { # make_jar FILE MANIFEST-LINES: a jar with this manifest (zip alone makes it, no JDK)
  local dir="$tmp/jar-$RANDOM"
  mkdir -p "$dir/META-INF" "$dir/io/example"
  printf 'Manifest-Version: 1.0\r\n%s\r\n\r\n' "$2" >"$dir/META-INF/MANIFEST.MF"
  printf 'class bytes\n' >"$dir/io/example/Agent.class"
  (cd "$dir" && zip -q -r "$1" META-INF io)
}

target="$tmp/target"
make_layer "$target/layer/x86_64"
make_jar "$tmp/agent.jar" $'Implementation-Version: 9.9.9\r\nPremain-Class: io.example.Agent'
make_jar "$tmp/plain.jar" 'Main-Class: io.example.Main'
zip_file="$target/o2-lambda-extension-javaagent-x86_64.zip"

start "builds the variant: the layer's files and the agent at the root, zipped"
run --agent "$tmp/agent.jar" --target "$target"
assert_eq 0 "$rc" "exit status"$'\n'"$err"
assert_contains "$err" "x86_64: agent 9.9.9" "log"
variant="$target/layer/x86_64-javaagent"
# the layer's paths and the agent's in byte order (as build.sh zips them), directories with a "/"
expected=$( (cd "$target/layer/x86_64" && find . -mindepth 1 && echo ./opentelemetry-javaagent.jar) |
  LC_ALL=C sort | while read -r f; do
    if [[ -d $target/layer/x86_64/$f ]]; then echo "${f#./}/"; else echo "${f#./}"; fi
  done)
assert_eq "$expected" "$(unzip -Z1 "$zip_file")" "zip entries (the layer's paths and the agent, in order)"
cmp -s "$tmp/agent.jar" "$variant/opentelemetry-javaagent.jar" ||
  fail "the agent in the variant differs from the jar given"
unzip -p "$zip_file" opentelemetry-javaagent.jar | cmp -s "$tmp/agent.jar" - ||
  fail "the agent in the zip differs from the jar given"
assert_eq "version=0.1.0
architecture=x86_64
javaagent=9.9.9" "$(unzip -p "$zip_file" o2-lambda-extension/layer.properties)" "layer.properties names the agent's version"
assert_eq "version=0.1.0
architecture=x86_64" "$(<"$target/layer/x86_64/o2-lambda-extension/layer.properties")" "the layer's own layer.properties"
assert_eq "../java.base/LICENSE" "$(readlink "$variant/o2-lambda-extension/runtime/legal/java.logging/LICENSE")" \
  "symbolic link kept in the variant directory (cp -a)"
assert_eq "" "$(mtimes_other_than "$epoch" "$target/layer/x86_64")" "the layer's own mtimes untouched"
assert_eq "" "$(mtimes_other_than "$epoch" "$variant")" "mtimes in the variant directory"
[[ ! -e $variant.partial ]] || fail "the partial directory is left behind"

start "unzipped in another time zone, every file has the layer's mtime and its mode"
for zone in LINT-14 PST8; do # POSIX zones (UTC+14, UTC-8): they need no tzdata
  rm -rf "$tmp/unzipped"
  TZ=$zone unzip -q "$zip_file" -d "$tmp/unzipped" || fail "unzip in $zone"
  assert_eq "" "$(mtimes_other_than "$epoch" "$tmp/unzipped")" "files without mtime $epoch after unzip in $zone"
done
assert_eq 755 "$(stat -c %a "$tmp/unzipped/extensions/o2-lambda-extension")" "the launcher's mode"
assert_eq 644 "$(stat -c %a "$tmp/unzipped/opentelemetry-javaagent.jar")" "the agent's mode"
# DOS time (what an extractor without the UT field reads) is written in UTC, as build.sh's
assert_contains "$(zipinfo -v "$zip_file" opentelemetry-javaagent.jar)" \
  "(DOS date/time):          $(TZ=UTC date -d "@$epoch" '+%Y %b %-d %H:%M:%S')" "the agent's DOS time in UTC"

start "a second run replaces the variant and the zip"
printf 'stale\n' >"$variant/stale-file"
run --agent "$tmp/agent.jar" --target "$target" --arch x86_64
assert_eq 0 "$rc" "exit status"
[[ ! -e $variant/stale-file ]] || fail "a stale file survives in the variant"
assert_eq "$expected" "$(unzip -Z1 "$zip_file")" "zip entries"

start "without --agent, the agent is resolved with mvn: offline first, then online"
mkdir -p "$tmp/bin"
cat >"$tmp/bin/mvn" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$*" >>"$STUB_MVN_LOG"
[[ " $* " == *" -o "* && -n ${STUB_MVN_OFFLINE_FAIL:-} ]] && { echo "[ERROR] offline: not in the local repository" >&2; exit 1; }
for arg; do
  case $arg in
    -Dartifact=*) version=${arg##*:} ;;
    -DoutputDirectory=*) dir=${arg#*=} ;;
  esac
done
mkdir -p "$dir"
cp "$STUB_MVN_JAR" "$dir/opentelemetry-javaagent-$version.jar"
EOF
chmod +x "$tmp/bin/mvn"
export STUB_MVN_LOG="$tmp/mvn-calls" STUB_MVN_JAR="$tmp/agent.jar"
for offline_fails in "" 1; do
  : >"$STUB_MVN_LOG"
  STUB_MVN_OFFLINE_FAIL=$offline_fails PATH="$tmp/bin:$PATH" run --target "$target" --agent-version 2.0.0
  assert_eq 0 "$rc" "exit status (offline fails: ${offline_fails:-no})"$'\n'"$err"
  calls=$(sed 's/-DoutputDirectory=[^ ]*/-DoutputDirectory=DIR/' "$STUB_MVN_LOG")
  expected_calls="-q -o dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:2.0.0 -DoutputDirectory=DIR"
  [[ -n $offline_fails ]] && expected_calls+=$'\n'"-q dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:2.0.0 -DoutputDirectory=DIR"
  assert_eq "$expected_calls" "$calls" "mvn calls (offline fails: ${offline_fails:-no})"
  cmp -s "$tmp/agent.jar" "$variant/opentelemetry-javaagent.jar" || fail "the resolved agent is not in the variant"
done

start "refused, before anything is written: a jar without Premain-Class, a file that is no jar, a missing jar"
rm -rf "$variant" "$zip_file"
printf 'plain text\n' >"$tmp/not-a-jar.jar"
while IFS='|' read -r jar message; do
  run --agent "$jar" --target "$target"
  assert_eq 2 "$rc" "exit status for $jar"
  assert_contains "$err" "$message" "stderr for $jar"
  [[ ! -e $variant && ! -e $zip_file ]] || fail "$jar: a variant or zip was written"
done <<EOF
$tmp/plain.jar|$tmp/plain.jar is not a Java agent: its manifest has no Premain-Class
$tmp/not-a-jar.jar|$tmp/not-a-jar.jar is not a jar: no META-INF/MANIFEST.MF in it
$tmp/none.jar|no agent jar at $tmp/none.jar
EOF

start "refused with a clear message: a missing layer, an incomplete one"
run --agent "$tmp/agent.jar" --target "$target" --arch arm64
assert_eq 2 "$rc" "exit status (missing)"
assert_contains "$err" "no layer at $target/layer/arm64: build it first (layer-build/build.sh --arch arm64)" "stderr (missing)"
run --agent "$tmp/agent.jar" --target "$target" --arch all
assert_eq 2 "$rc" "exit status (all, arm64 missing)"
[[ ! -e $variant ]] || fail "--arch all built x86_64 although arm64 is missing"
make_layer "$target/layer/arm64"
rm "$target/layer/arm64/o2-lambda-extension/layer.properties"
run --agent "$tmp/agent.jar" --target "$target" --arch arm64
assert_eq 2 "$rc" "exit status (incomplete)"
assert_contains "$err" "the layer at $target/layer/arm64 is incomplete: no o2-lambda-extension/layer.properties" \
  "stderr (incomplete)"
[[ ! -e $target/layer/arm64-javaagent ]] || fail "a variant of the incomplete layer was written"

start "bad arguments are refused with exit status 2 and a message"
while IFS='|' read -r args message; do
  read -r -a argv <<<"$args"
  run "${argv[@]}"
  assert_eq 2 "$rc" "exit status for: $args"
  assert_contains "$err" "$message" "stderr for: $args"
done <<EOF
--arch amd64 --target $target|--arch must be x86_64, arm64 or all
--target $tmp/nowhere|no directory $tmp/nowhere
--agent|--agent needs a value
--agent-version 2.28.1:jar|not a version: 2.28.1:jar
--bogus|unknown argument: --bogus
EOF

start "--help prints the usage"
run --help
assert_eq 0 "$rc" "exit status"
assert_contains "$out" "Usage: layer-build/javaagent-variant.sh" "stdout"

finish javaagent-variant-test
