# shellcheck shell=bash
# Sourced by layer-build/build.sh, the variant scripts (javaagent-variant.sh, nodejs-variant.sh) and
# layer-build/publish.sh: how a layer directory gets its fixed mtimes and becomes a zip, and how a
# variant is made from a built layer, in one place, so that every zip of the layer is made alike;
# what their --arch means; which glibc Lambda has.
#
# The zip keeps file modes and mtimes: the AOT cache checks the jars' sizes and mtimes, so every
# file gets the same fixed, even mtime, stored twice in the zip: as the Unix "UT" extra field
# (exact, read by Info-ZIP, Go and Java) and as DOS time written in UTC (2-second resolution,
# what an extractor without UT support reads). Not zip -X: that would drop the UT mtime too,
# leaving only DOS time, which unzip reads in its own time zone (a shifted mtime makes the JVM
# reject the AOT cache; docs/layer.md).

# Lambda's Amazon Linux 2023 has glibc 2.34: a runtime that needs a newer one does not start there.
readonly LAMBDA_GLIBC=2.34

# glibc_too_new VERSION: whether a runtime that needs glibc VERSION (e.g. 2.38) cannot run on Lambda
glibc_too_new() {
  [[ -n $1 && $(printf '%s\n' "$1" "$LAMBDA_GLIBC" | sort -V | tail -1) != "$LAMBDA_GLIBC" ]]
}

# layer_archs ARCH: the architectures an --arch value stands for (x86_64, arm64, all), one line;
# fails for any other value
layer_archs() {
  case $1 in
    x86_64 | arm64) echo "$1" ;;
    all) echo "x86_64 arm64" ;;
    *) return 1 ;;
  esac
}

# stamp_layer DIR EPOCH: gives DIR and everything under it the mtime EPOCH (links themselves)
stamp_layer() {
  find "$1" -exec touch -h -d "@$2" {} +
}

# zip_layer DIR ZIP: writes ZIP (an absolute path) with DIR's content, DIR itself being the root
# (/opt), entries in byte order
zip_layer() {
  [[ $2 == /* ]] || { printf 'zip_layer: not an absolute path: %s\n' "$2" >&2; return 2; }
  rm -f "$2"
  (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | TZ=UTC zip -q -@ "$2")
}

# maven_offline_first DIR ARGS...: runs mvn -q ARGS in DIR (the project's plugin versions), from
# the local repository first, online only when that fails; Maven's output goes to stderr
maven_offline_first() {
  local dir=$1
  shift
  (cd "$dir" && mvn -q -o "$@" >&2) || (cd "$dir" && mvn -q "$@" >&2)
}

# check_built_layer DIR ARCH: fails with a message when DIR is not a complete layer that build.sh
# made (build.sh writes o2-lambda-extension/layer.properties last)
check_built_layer() {
  if [[ ! -d $1 ]]; then
    printf 'no layer at %s: build it first (layer-build/build.sh --arch %s)\n' "$1" "$2"
    return 1
  fi
  if [[ ! -f $1/o2-lambda-extension/layer.properties ]]; then
    printf 'the layer at %s is incomplete: no o2-lambda-extension/layer.properties (build.sh writes it last); build it again\n' "$1"
    return 1
  fi
}

# build_variant LAYER VARIANT ZIP PROPERTY COMMAND...: makes the variant directory VARIANT and its
# ZIP (absolute) from the built layer LAYER: a copy with cp -a (mtimes kept: the AOT cache checks
# the jars'), to which COMMAND, called with the copy's path as its last argument, adds its files;
# then PROPERTY (key=value) is appended to layer.properties, everything gets the layer's fixed
# mtime, and the copy is zipped like the layer. VARIANT is complete or not there, and no stale ZIP
# is left when COMMAND fails.
build_variant() {
  local layer=$1 variant=$2 zip_file=$3 property=$4
  shift 4
  local epoch
  epoch=$(stat -c %Y "$layer/o2-lambda-extension/layer.properties") # the fixed mtime of build.sh
  rm -rf "$variant" "$variant.partial" "$zip_file"
  cp -a "$layer" "$variant.partial"
  "$@" "$variant.partial" || { rm -rf "$variant.partial"; return 1; }
  echo "$property" >>"$variant.partial/o2-lambda-extension/layer.properties"
  stamp_layer "$variant.partial" "$epoch"
  mv "$variant.partial" "$variant"
  zip_layer "$variant" "$zip_file"
}
