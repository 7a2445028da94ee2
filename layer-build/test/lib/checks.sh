# shellcheck shell=bash
# Sourced by the tests in layer-build/test/: counting tests and failed checks, the checks, and
# the summary line that ends a test file. Each test begins with `start NAME`; a failed check is
# reported and counted, and the file goes on with the next check.

failures=0
tests=0
current=""

start() { # start NAME
  current=$1
  tests=$((tests + 1))
}

fail() {
  printf 'FAIL %s: %s\n' "$current" "$1" >&2
  failures=$((failures + 1))
}

assert_eq() { # assert_eq EXPECTED ACTUAL WHAT
  if [[ $1 != "$2" ]]; then
    fail "$3"$'\n'"  expected: $1"$'\n'"  actual:   $2"
  fi
}

assert_contains() { # assert_contains HAYSTACK NEEDLE WHAT
  if [[ $1 != *"$2"* ]]; then
    fail "$3: '$2' not in: $1"
  fi
}

finish() { # finish NAME: the summary line; exits 1 when a check failed
  if ((failures > 0)); then
    printf '%s: %d of the checks failed (%d tests)\n' "$1" "$failures" "$tests" >&2
    exit 1
  fi
  printf '%s: %d tests passed\n' "$1" "$tests"
}
