# shellcheck shell=bash
# Sourced by layer-build/publish.sh and layer-build/attach.sh: how a dry run prints the AWS CLI
# calls it would make, one shell-quoted line each, the same way in both.

# quote WORD: one word quoted for a POSIX shell; words of safe characters stay bare
quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# print_call ARGS...: the command line of ARGS as one shell-quoted line
print_call() {
  local word line=""
  for word in "$@"; do
    line+="${line:+ }$(quote "$word")"
  done
  printf '%s\n' "$line"
}
