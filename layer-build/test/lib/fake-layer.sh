# shellcheck shell=bash disable=SC2154 # script and tmp are set by the test that sources this file
# Sourced by the variant scripts' tests (javaagent-variant-test.sh, nodejs-variant-test.sh): a
# small fake of the layer that build.sh makes, a check of its fixed mtimes, and how the script
# under test is run (the test sets script and tmp first).

# A fake layer as build.sh leaves it: every file and directory with one even mtime, an executable
# launcher, a relative symbolic link as in the jlinked runtime's legal/, layer.properties last.
# shellcheck disable=SC2034 # read by the tests that source this file
epoch=1700000000 # the fixed mtime of the fake layer
make_layer() { # make_layer DIR
  mkdir -p "$1/extensions" "$1/o2-lambda-extension/app/lib" "$1/o2-lambda-extension/runtime/legal/java.base" \
    "$1/o2-lambda-extension/runtime/legal/java.logging"
  printf '#!/bin/sh\nexec true\n' >"$1/extensions/o2-lambda-extension"
  chmod 755 "$1/extensions/o2-lambda-extension"
  printf 'not really a jar\n' >"$1/o2-lambda-extension/app/lib/dep.jar"
  printf 'cache\n' >"$1/o2-lambda-extension/app.aot"
  printf 'GPLv2 with CPE\n' >"$1/o2-lambda-extension/runtime/legal/java.base/LICENSE"
  ln -s ../java.base/LICENSE "$1/o2-lambda-extension/runtime/legal/java.logging/LICENSE"
  printf 'version=0.1.0\narchitecture=x86_64\n' >"$1/o2-lambda-extension/layer.properties"
  find "$1" -exec touch -h -d "@$epoch" {} +
}

mtimes_other_than() { # mtimes_other_than EPOCH DIR: "mtime path" of what under DIR has another mtime
  find "$2" -mindepth 1 -exec stat -c '%Y %n' {} + | grep -v "^$1 " || true
}

run() { # run ARGS...: runs $script with ARGS; sets out, err, rc
  set +e
  "$script" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  set -e
  out=$(<"$tmp/out")
  err=$(<"$tmp/err")
}
