#!/usr/bin/env bash
# Publishes the extension's layer zips with the AWS CLI: one layer version per architecture and
# region, optionally shared publicly, with an AWS Organization or with accounts.
# Run with --help for the options; --dry-run prints the calls instead of making them.
set -euo pipefail

if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
  echo "publish.sh: needs bash 4.4 or later" >&2
  exit 2
fi

readonly MAX_ZIP_BYTES=$((50 * 1024 * 1024)) # Lambda's limit for a direct upload (--zip-file)
readonly SHA_HEX_CHARS=16                     # of the zip's SHA-256 in its S3 key

usage() {
  cat <<'EOF'
Usage: layer-build/publish.sh --regions R1[,R2...] [options]

Publishes target/o2-lambda-extension-<arch>.zip as a version of the layer <layer-name>-<arch>
in each region (one layer per architecture, so version numbers of the two never interleave).

  --regions LIST        comma-separated AWS regions (required)
  --arch LIST           x86_64, arm64 or x86_64,arm64 (default: each architecture whose zip is
                        in the zip directory, x86_64 first; layer-build/build.sh builds x86_64)
  --layer-name NAME     base layer name (default: o2-lambda-extension); the architecture is appended
  --variant NAME        publish a variant instead of the default (native) layer, as a layer of its
                        own so that a function gets it only by choosing it:
                          jvm        the extension on a JVM (target/o2-lambda-extension-jvm-<arch>.zip,
                                     layer <layer-name>-jvm-<arch>)
                          javaagent  with the OpenTelemetry Java agent (layer-build/javaagent-variant.sh:
                                     target/o2-lambda-extension-javaagent-<arch>.zip, layer
                                     <layer-name>-javaagent-<arch>)
                          nodejs     with OpenTelemetry JS for Node.js functions (layer-build/nodejs-variant.sh:
                                     target/o2-lambda-extension-nodejs-<arch>.zip, layer
                                     <layer-name>-nodejs-<arch>)
  --zip-dir DIR         directory of the zips (default: the repository's target/)
  --description TEXT    layer description (default names the architecture)
  --license-info TEXT   SPDX identifier or URL shown with the layer
  --public              let every AWS account use the new versions
  --org-id ID           let the accounts of this AWS Organization (o-...) use them; repeatable
  --account ID          let this 12-digit account use them; repeatable
  --s3-bucket NAME      upload each zip to this bucket and publish it from there; needed for a
                        zip over 50 MB (Lambda's limit for a direct upload), such as the JVM
                        variant's (the default, native zip is about 20 MB). The bucket must be in the layer's region: "{region}" in NAME is
                        replaced by each region (e.g. my-layers-{region}), and is required when
                        publishing to several regions. The key is <prefix><layer>-<first 16
                        hex of the zip's SHA-256>.zip, <layer> being the published layer's name
                        (e.g. o2-lambda-extension-x86_64)
  --s3-prefix P         key prefix in the bucket, e.g. layers/ (letters, digits, '.', '_', '-', '/')
  --dry-run             print each AWS CLI call, shell-quoted, one per line, and call nothing;
                        the AWS CLI need not be installed. The zips must exist all the same, so a
                        dry run fails exactly where a real run would.
  -h, --help            this text

With --s3-bucket, each zip is uploaded with `aws s3 cp` before each publish-layer-version, which
reads it from there: the caller needs s3:PutObject and s3:GetObject on the bucket's objects.
Credentials and profile come from the usual AWS CLI environment (AWS_PROFILE, ...).
A real run prints "<region> <arch> <layer version ARN>" as soon as each version is published,
so that after a failure the output says what was done.
EOF
}

die() {
  printf 'publish.sh: %s\n' "$1" >&2
  exit 2
}

split_list() { # split_list NAME VALUE: appends the comma-separated items of VALUE to array NAME
  local -n target=$1
  local item items
  IFS=',' read -r -a items <<<"$2"
  for item in "${items[@]}"; do
    [[ -n $item ]] && target+=("$item")
  done
  return 0
}

script_dir="${BASH_SOURCE[0]%/*}"
[[ $script_dir == "${BASH_SOURCE[0]}" ]] && script_dir=.
# shellcheck source=layer-build/lib/aws-calls.sh
source "$script_dir/lib/aws-calls.sh"
# shellcheck source=layer-build/lib/layer-zip.sh
source "$script_dir/lib/layer-zip.sh"
zip_dir="$(cd "$script_dir/.." && pwd)/target"
layer_name=o2-lambda-extension
description=""
license_info=""
s3_bucket=""
s3_prefix=""
variant=""
dry_run=false
public=false
regions=()
archs=()
org_ids=()
accounts=()

while (($# > 0)); do
  case $1 in
    --regions | --arch | --layer-name | --zip-dir | --description | --license-info | --org-id | --account | \
      --s3-bucket | --s3-prefix | --variant)
      if (($# < 2)) || [[ $2 == --* ]]; then die "$1 needs a value"; fi
      case $1 in
        --regions) split_list regions "$2" ;;
        --arch) split_list archs "$2" ;;
        --layer-name) layer_name=$2 ;;
        --zip-dir) zip_dir=$2 ;;
        --description) description=$2 ;;
        --license-info) license_info=$2 ;;
        --org-id) split_list org_ids "$2" ;;
        --account) split_list accounts "$2" ;;
        --s3-bucket) s3_bucket=$2 ;;
        --s3-prefix) s3_prefix=$2 ;;
        --variant) variant=$2 ;;
      esac
      shift 2
      ;;
    --public) public=true && shift ;;
    --dry-run) dry_run=true && shift ;;
    -h | --help) usage && exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

((${#regions[@]} > 0)) || die "--regions is required (see --help)"
archs_given=true
((${#archs[@]} > 0)) || archs_given=false
for region in "${regions[@]}"; do
  [[ $region =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "not an AWS region: $region"
done
declare -A seen=()
for arch in "${archs[@]}"; do
  [[ $arch == x86_64 || $arch == arm64 ]] || die "unsupported architecture $arch (x86_64 or arm64)"
  [[ -z ${seen[$arch]:-} ]] || die "architecture $arch given twice"
  seen[$arch]=1
done
[[ $layer_name =~ ^[A-Za-z0-9_-]{1,100}$ ]] || die "layer name must be 1-100 letters, digits, '-' or '_': $layer_name"
[[ -z $variant || $variant == jvm || $variant == javaagent || $variant == nodejs ]] ||
  die "unsupported variant $variant (jvm, javaagent or nodejs)"
((${#description} <= 256)) || die "description is longer than Lambda's 256 characters"
((${#license_info} <= 512)) || die "license info is longer than Lambda's 512 characters"
for org_id in "${org_ids[@]}"; do
  [[ $org_id =~ ^o-[a-z0-9]{10,32}$ ]] || die "not an AWS Organization id: $org_id"
done
for account in "${accounts[@]}"; do
  [[ $account =~ ^[0-9]{12}$ ]] || die "not a 12-digit AWS account id: $account"
done
if [[ -n $s3_bucket ]]; then
  if ((${#regions[@]} > 1)) && [[ $s3_bucket != *"{region}"* ]]; then
    die "--s3-bucket must contain {region} when publishing to several regions: the bucket must be in the layer's region"
  fi
  for region in "${regions[@]}"; do
    bucket=${s3_bucket//"{region}"/$region}
    [[ $bucket =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || die "not an S3 bucket name: $bucket"
  done
  [[ $s3_prefix =~ ^[A-Za-z0-9._/-]*$ && $s3_prefix != /* ]] ||
    die "--s3-prefix may hold only letters, digits, '.', '_', '-' and '/', and may not start with '/': $s3_prefix"
  ((${#s3_prefix} <= 900)) || die "--s3-prefix is too long"
elif [[ -n $s3_prefix ]]; then
  die "--s3-prefix needs --s3-bucket"
fi
command -v unzip >/dev/null 2>&1 || die "unzip is not on the PATH (needed to read each zip's layer.properties)"
if ! $dry_run && ! command -v aws >/dev/null 2>&1; then
  die "the AWS CLI (aws) is not on the PATH; --dry-run shows the calls without it"
fi

sha256_of() { # prints the hex SHA-256 of file $1
  local sum
  if command -v sha256sum >/dev/null 2>&1; then
    sum=$(sha256sum <"$1")
  elif command -v shasum >/dev/null 2>&1; then
    sum=$(shasum -a 256 <"$1")
  else
    die "neither sha256sum nor shasum is on the PATH (needed for the S3 key)"
  fi
  printf '%s' "${sum%% *}"
}

# the variant's name goes before the architecture, in the zip's name as in the layer's
case $variant in
  jvm) variant_text=", on a JVM" ;;
  javaagent) variant_text=", with the OpenTelemetry Java agent" ;;
  nodejs) variant_text=", with OpenTelemetry JS for Node.js" ;;
  *) variant_text="" ;;
esac
zip_of() { printf '%s' "$zip_dir/o2-lambda-extension${variant:+-$variant}-$1.zip"; }
built=()
for arch in x86_64 arm64; do
  [[ -f $(zip_of "$arch") ]] && built+=("$arch")
done
if ! $archs_given; then
  ((${#built[@]} > 0)) ||
    die "no layer zip found: $(zip_of x86_64) (build the layer first: layer-build/build.sh; or pass --zip-dir)"
  archs=("${built[@]}")
fi
declare -A zip_by_arch=() s3_key_by_arch=() name_by_arch=()
for arch in "${archs[@]}"; do
  zip=$(zip_of "$arch")
  if [[ ! -f $zip ]]; then
    hint="build it first (layer-build/build.sh --arch $arch), or pass --zip-dir"
    ((${#built[@]} > 0)) && hint+=", or publish only what is built: --arch $(IFS=,; echo "${built[*]}")"
    die "layer zip not found: $zip ($hint)"
  fi
  # build.sh records the newest glibc its runtime imports: a layer that needs more than Lambda has
  # would not start there (e.g. one linked from a Debian 13 JDK, docs/layer.md)
  glibc=$(unzip -p "$zip" o2-lambda-extension/layer.properties 2>/dev/null | sed -n 's/^glibc=//p' || true)
  if [[ ! $glibc =~ ^[0-9]+\.[0-9]+$ ]]; then
    printf 'publish.sh: warning: %s does not say which glibc its runtime needs (%s): not checked\n' \
      "$zip" "${glibc:-no glibc= in o2-lambda-extension/layer.properties}" >&2
  elif glibc_too_new "$glibc"; then
    die "$zip needs glibc $glibc; Lambda (Amazon Linux 2023) has $LAMBDA_GLIBC: not publishing it"
  fi
  name_by_arch[$arch]="$layer_name${variant:+-$variant}-$arch"
  if [[ -n $s3_bucket ]]; then
    sha=$(sha256_of "$zip")
    s3_key_by_arch[$arch]="$s3_prefix${name_by_arch[$arch]}-${sha:0:SHA_HEX_CHARS}.zip"
  else
    size=$(wc -c <"$zip")
    ((size <= MAX_ZIP_BYTES)) ||
      die "$zip is $size bytes, over the 50 MB limit of a direct upload (--zip-file): publish it through S3 with --s3-bucket NAME (see --help)"
  fi
  zip_by_arch[$arch]=$zip
done

for region in "${regions[@]}"; do
  for arch in "${archs[@]}"; do
    name=${name_by_arch[$arch]}
    if [[ -n $s3_bucket ]]; then
      bucket=${s3_bucket//"{region}"/$region}
      key=${s3_key_by_arch[$arch]}
      upload=(aws s3 cp "${zip_by_arch[$arch]}" "s3://$bucket/$key" --region "$region")
      if $dry_run; then
        print_call "${upload[@]}"
      else
        "${upload[@]}" >/dev/null # its progress; errors go to stderr
      fi
      content=(--content "S3Bucket=$bucket,S3Key=$key")
    else
      content=(--zip-file "fileb://${zip_by_arch[$arch]}")
    fi
    publish=(aws lambda publish-layer-version --region "$region" --layer-name "$name"
      --description "${description:-Ships Lambda logs and OpenTelemetry data to OpenObserve$variant_text ($arch)}"
      "${content[@]}" --compatible-architectures "$arch")
    [[ -n $license_info ]] && publish+=(--license-info "$license_info")
    publish+=(--query LayerVersionArn --output text)

    if $dry_run; then
      print_call "${publish[@]}"
      version='<version>'
    else
      arn=$("${publish[@]}")
      version=${arn##*:}
      [[ $version =~ ^[0-9]+$ ]] || die "unexpected answer from publish-layer-version in $region: $arn"
      printf '%s %s %s\n' "$region" "$arch" "$arn"
    fi

    permissions=()
    $public && permissions+=("public|*|")
    for org_id in "${org_ids[@]}"; do permissions+=("org-$org_id|*|$org_id"); done
    for account in "${accounts[@]}"; do permissions+=("account-$account|$account|"); done
    for permission in "${permissions[@]}"; do
      IFS='|' read -r statement principal org <<<"$permission"
      grant=(aws lambda add-layer-version-permission --region "$region" --layer-name "$name"
        --version-number "$version" --statement-id "$statement" --action lambda:GetLayerVersion
        --principal "$principal")
      [[ -n $org ]] && grant+=(--organization-id "$org")
      if $dry_run; then
        print_call "${grant[@]}"
      else
        "${grant[@]}" >/dev/null
      fi
    done
  done
done
